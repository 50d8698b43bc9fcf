/**
 * Runs a built Electron main bundle on plain Node with `electron` resolved to the double:
 *
 *   node tests/shell/electron-double/main-process.ts out/main/index.js
 *
 * `module.registerHooks` (Node ≥ 22.15) adds a synchronous, in-thread resolve hook, so one
 * instance of the double answers every `import 'electron'` and `require('electron')` of the
 * bundle and its dependencies (electron-store). It needs no loader thread and no flag, and
 * nothing else resolves differently. The test drives the app over Node's IPC channel
 * (control.ts); the config comes from ELECTRON_DOUBLE_CONFIG.
 */
import { registerHooks } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const doubleUrl = new URL('./index.ts', import.meta.url).href;
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron' || specifier === 'electron/main') {
      return nextResolve(doubleUrl, context);
    }
    return nextResolve(specifier, context);
  },
});

const bundle = process.argv[2];
if (!bundle) throw new Error('usage: main-process.ts <built main bundle>');

const { config } = await import('./app.ts');
const { report, startControlChannel } = await import('./control.ts');

// Electron's process: argv is [executable, (app path when run as `electron .`), ...args].
process.argv = [process.execPath, ...(config.defaultApp ? [config.appPath] : []), ...config.argv];
Object.defineProperty(process, 'defaultApp', { value: config.defaultApp || undefined });
Object.defineProperty(process, 'platform', { value: config.platform });
startControlChannel();

try {
  await import(pathToFileURL(resolve(bundle)).href);
  report({ type: 'loaded' });
} catch (err) {
  report({ type: 'load-error', message: err instanceof Error ? err.message : String(err) }, () =>
    process.exit(1),
  );
}
