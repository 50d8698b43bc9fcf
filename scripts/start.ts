/**
 * `npm start`: builds Token Desk and runs it in Electron. The Electron binary is downloaded on
 * first use (the `electron` package has no install script); where that is impossible, this
 * says so in one sentence and exits 1 instead of printing a stack trace.
 *
 *   node scripts/start.ts [extra Electron arguments]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const electronDir = dirname(require.resolve('electron/package.json'));
/** A first download is about 100 MB; give up after this rather than hang. */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;
const NOTICE_AFTER_MS = 2_000;

function fail(sentence: string): never {
  console.error(`Token Desk could not start: ${sentence}`);
  process.exit(1);
}

const EXECUTABLE: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'electron',
  freebsd: 'electron',
  openbsd: 'electron',
  win32: 'electron.exe',
  darwin: 'Electron.app/Contents/MacOS/Electron',
};

/** The Electron executable if it is installed, found the way electron/index.js finds it. */
function installedElectron(): string | undefined {
  const pathFile = join(electronDir, 'path.txt');
  const relativePath = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : EXECUTABLE[process.platform];
  if (!relativePath) return undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const executable = join(override, relativePath);
    return existsSync(executable) ? executable : undefined;
  }
  // A binary left from an older electron package is reinstalled, as install.js would.
  const executable = join(electronDir, 'dist', relativePath);
  return existsSync(executable) && installedVersion() === packageVersion() ? executable : undefined;
}

function installedVersion(): string | undefined {
  try {
    return readFileSync(join(electronDir, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '');
  } catch {
    return undefined;
  }
}

function packageVersion(): string {
  const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return version;
}

/**
 * Runs electron's own install script, quietly; true when the binary is there afterwards. A
 * notice appears only if the download takes a while, so a quick failure stays one sentence.
 */
async function installElectron(): Promise<boolean> {
  const child = spawn(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    stdio: 'ignore',
    timeout: DOWNLOAD_TIMEOUT_MS,
  });
  const notice = setTimeout(
    () => process.stdout.write('Downloading the Electron runtime (first start only)…\n'),
    NOTICE_AFTER_MS,
  );
  const code = await new Promise<number | null>((done) => {
    child.on('error', () => done(null));
    child.on('exit', (exitCode) => done(exitCode));
  });
  clearTimeout(notice);
  return code === 0 && installedElectron() !== undefined;
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

const electron =
  installedElectron() ?? ((await installElectron()) ? installedElectron() : undefined);
if (!electron) {
  fail(
    'the Electron runtime could not be downloaded on this machine. ' +
      'Run `npm run preview` to try the app in Chromium instead.',
  );
}
build();
launch(electron);
