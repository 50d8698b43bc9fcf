/**
 * `npm start`: builds Token Desk and runs it in Electron. The Electron binary is downloaded on
 * first use (the `electron` package has no install script); where that is impossible, this
 * says so in one sentence and exits 1 instead of printing a stack trace.
 *
 *   node scripts/start.ts [extra Electron arguments]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { electronForScripts, NO_ELECTRON } from './electron-runtime.ts';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const electronDir = dirname(require.resolve('electron/package.json'));

function fail(sentence: string): never {
  console.error(`Token Desk could not start: ${sentence}`);
  process.exit(1);
}

function build(): void {
  const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) fail('the build failed (see the messages above).');
}

function launch(electron: string): void {
  const env = { ...process.env };
  // Inherited from some shells and tools; it would make Electron behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron, ['.', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
  child.on('error', () => fail('the Electron runtime could not be launched on this machine.'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = await electronForScripts(electronDir);
if (!electron) fail(NO_ELECTRON);
build();
launch(electron);
