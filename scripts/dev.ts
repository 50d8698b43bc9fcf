/**
 * `npm run dev`: Token Desk in Electron with the renderer served by Vite's dev server (edits
 * to renderer/ show at once; main and preload are rebuilt and Electron restarted on change).
 * Gets the Electron runtime like `npm start`, with the same one-sentence failure.
 *
 *   node scripts/dev.ts [extra electron-vite dev options]
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { electronForScripts, NO_ELECTRON } from './electron-runtime.ts';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const electron = await electronForScripts(dirname(require.resolve('electron/package.json')));
if (!electron) {
  console.error(`Token Desk could not start: ${NO_ELECTRON}`);
  process.exit(1);
}

const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_EXEC_PATH: electron };
// Inherited from some shells and tools; it would make Electron behave as plain Node.
delete env.ELECTRON_RUN_AS_NODE;
const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js');
const child = spawn(process.execPath, [cli, 'dev', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env,
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
