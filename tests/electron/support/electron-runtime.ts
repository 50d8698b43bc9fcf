import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronRuntime =
  { found: true; executable: string } | { found: false; reason: string };

/**
 * The installed Electron executable, found the way the `electron` package's index.js finds
 * it but without its side effect: requiring `electron` outside Electron starts a download
 * when the binary is missing. `npx install-electron` installs it.
 */
export function findElectronRuntime(root: string): ElectronRuntime {
  const require = createRequire(join(root, 'package.json'));
  const electronDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(electronDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!existsSync(pathFile) && !override) {
    return {
      found: false,
      reason: 'the Electron runtime is not installed (`npx --no install-electron` downloads it)',
    };
  }
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const executable = override ? join(override, relative) : join(electronDir, 'dist', relative);
  if (!existsSync(executable)) {
    return { found: false, reason: `the Electron executable ${executable} does not exist` };
  }
  return { found: true, executable };
}
