/**
 * Finds and installs the Electron runtime the way the `electron` package itself does
 * (node_modules/electron/index.js and install.js), without its side effects: `index.js`
 * downloads on `require` and throws with a stack trace when that fails.
 *
 * How the package works (electron 45): it has no install script; `install.js` downloads the
 * zip for this platform and arch with `@electron/get` (cache: `electron_config_cache`, source:
 * `ELECTRON_MIRROR`, checksums from its bundled checksums.json), extracts it to `dist/`, and
 * writes `path.txt` with the executable's path inside `dist/`. It requires `@electron/get`
 * and the extractor, both ES modules, so it needs Node ≥ 22.12 (the `node` devDependency).
 * `ELECTRON_OVERRIDE_DIST_PATH` points at an Electron unpacked elsewhere.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A first download is about 100 MB; give up after this rather than hang. */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/** What install.js writes to path.txt for each platform (its `getPlatformPath`). */
const EXECUTABLE: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'electron',
  freebsd: 'electron',
  openbsd: 'electron',
  win32: 'electron.exe',
  darwin: 'Electron.app/Contents/MacOS/Electron',
};

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * The Electron executable if it is installed in the `electron` package at `electronDir`,
 * found as its index.js finds it. A binary left by an older package version counts as
 * missing, as install.js's `isInstalled` sees it.
 */
export function installedElectron(
  electronDir: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const relativePath = readTrimmed(join(electronDir, 'path.txt')) ?? EXECUTABLE[process.platform];
  if (!relativePath) return undefined;
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const executable = join(override, relativePath);
    return existsSync(executable) ? executable : undefined;
  }
  const executable = join(electronDir, 'dist', relativePath);
  const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const installed = readTrimmed(join(electronDir, 'dist', 'version'))?.replace(/^v/, '');
  return existsSync(executable) && installed === version ? executable : undefined;
}

export interface InstallOptions {
  env?: NodeJS.ProcessEnv;
  /** Called once if the download is still running after `slowAfterMs` (default 2 s). */
  onSlow?: () => void;
  slowAfterMs?: number;
  timeoutMs?: number;
}

/**
 * Runs the package's own install.js, quietly (its failure is a stack trace); resolves to the
 * executable when it is there afterwards, or undefined when it could not be downloaded.
 */
export async function installElectron(
  electronDir: string,
  options: InstallOptions = {},
): Promise<string | undefined> {
  const env = options.env ?? process.env;
  const child = spawn(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    env,
    stdio: 'ignore',
    timeout: options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS,
  });
  const slow = options.onSlow && setTimeout(options.onSlow, options.slowAfterMs ?? 2_000);
  const code = await new Promise<number | null>((done) => {
    child.on('error', () => done(null));
    child.on('exit', (exitCode) => done(exitCode));
  });
  clearTimeout(slow);
  return code === 0 ? installedElectron(electronDir, env) : undefined;
}

/** What `npm start` and `npm run dev` say where Electron cannot be had, in one sentence. */
export const NO_ELECTRON =
  'the Electron runtime could not be downloaded on this machine, ' +
  'so try the app in Chromium with `npm run preview` instead.';

/**
 * For `npm start` and `npm run dev`: the installed Electron, downloading it on first use (a
 * notice appears only if that takes a while, so a quick failure stays one sentence), or
 * undefined when it cannot be had.
 */
export async function electronForScripts(electronDir: string): Promise<string | undefined> {
  return (
    installedElectron(electronDir) ??
    (await installElectron(electronDir, {
      onSlow: () => process.stdout.write('Downloading the Electron runtime (first start only)…\n'),
    }))
  );
}
