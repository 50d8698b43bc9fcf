// Composition root: builds the core with the Electron-backed ports and hands it to the shell.
// Behaviour lives in main/core (plain Node, tested); the shell modules only wire Electron.
import { join } from 'node:path';
import { app, dialog } from 'electron';
import Store from 'electron-store';
import { commandLineArguments } from './cli/cli-entry.ts';
import { runTokenDesk } from './cli/token-desk.ts';
import { createCore } from './core/app-core.ts';
import { toAppError } from './core/errors.ts';
import { createIpcHandlers } from './core/ipc/handlers.ts';
import { ensurePrivateDirSync } from './core/private-dir.ts';
import { RENDERER_ENTRY_URL, RENDERER_ORIGIN } from './core/renderer-path.ts';
import { createAppIcon } from './shell/app-icon.ts';
import { registerAppSchemePrivileges, serveRenderer } from './shell/app-protocol.ts';
import { createElectronClipboard } from './shell/clipboard.ts';
import {
  claimSingleInstance,
  listenForSchemeUrls,
  registerAsSchemeHandler,
} from './shell/custom-scheme.ts';
import { openInBrowser } from './shell/external-browser.ts';
import { forwardCoreEvents, registerIpcHandlers } from './shell/ipc.ts';
import { createNotifier } from './shell/notify.ts';
import { forwardPowerEvents } from './shell/power-monitor.ts';
import { createSafeStorageKeychain } from './shell/safe-storage.ts';
import { denyAllPermissions, hardenWebContents } from './shell/security.ts';
import { resolveSystemProxy } from './shell/system-proxy.ts';
import { createTray } from './shell/tray.ts';
import { createWindowController, type WindowController } from './shell/window.ts';

/** Also `appId` in electron-builder.yml: Windows ties notifications to it. */
const APP_USER_MODEL_ID = 'io.github.tokendesk.app';

// `Token Desk token work` runs the token-desk command and exits: before any window, without
// the single-instance lock (the running app is the one it asks).
const commandLine = commandLineArguments(process.argv, app.isPackaged);
if (commandLine) runCommandLine(commandLine);
else if (claimSingleInstance()) launch();

function runCommandLine(args: string[]): void {
  app.dock?.hide();
  void runTokenDesk(args, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  }).then((code) => app.exit(code));
}

function launch(): void {
  registerAppSchemePrivileges();
  // The dev server is trusted only in development, never in a packaged app.
  const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const appOrigins = devServerUrl ? [RENDERER_ORIGIN, devServerUrl] : [RENDERER_ORIGIN];
  hardenWebContents(appOrigins);
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  let windows: WindowController | undefined;
  let tray: { dispose(): void } | undefined;
  const showWindow = () => void windows?.show();
  const notify = createNotifier(showWindow);

  // Owner-only before the metadata store, the vault or Chromium write anything in it.
  const dataDir = app.getPath('userData');
  ensurePrivateDirSync(dataDir);

  // Built before `ready` (nothing in it needs ready) so that a redirect macOS delivers with
  // the launch lands in the core's inbox, which holds it until core.start().
  const core = createCore({
    dataDir,
    metadataStore: new Store({ name: 'metadata', configFileMode: 0o600 }),
    keychain: createSafeStorageKeychain(),
    openExternal: openInBrowser,
    clipboard: createElectronClipboard(),
    notify,
    version: app.getVersion(),
    network: { resolveSystemProxy },
  });
  listenForSchemeUrls({ receive: (url) => core.redirects.receive(url), activate: showWindow });
  registerAsSchemeHandler();

  app.on('window-all-closed', () => {
    // With a tray the app keeps refreshing tokens in the background; without one, quit.
    if (!tray) app.quit();
  });
  let shutDown = false;
  app.on('before-quit', (event) => {
    if (shutDown) return;
    // Quit only after a copied token was cleared from the clipboard.
    event.preventDefault();
    shutDown = true;
    tray?.dispose();
    void core.shutdown().finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      denyAllPermissions();
      serveRenderer(join(app.getAppPath(), 'out', 'renderer'));
      await core.start();
      forwardPowerEvents(core.autoLock);
      registerIpcHandlers(createIpcHandlers(core, { trustedSenders: appOrigins }));
      windows = createWindowController({
        preloadPath: join(app.getAppPath(), 'out', 'preload', 'index.cjs'),
        url: devServerUrl ?? RENDERER_ENTRY_URL,
        icon: createAppIcon(),
        devTools: !app.isPackaged,
      });
      forwardCoreEvents(core, () => windows?.current());
      windows.show();
      try {
        tray = createTray({ core, showWindow, quit: () => app.quit(), notify });
      } catch (err) {
        // A desktop without a status area still gets the window; closing it then quits.
        console.warn(`Tray unavailable: ${toAppError(err).message}`);
      }
      app.on('activate', showWindow);
    })
    .catch((err: unknown) => {
      dialog.showErrorBox('Token Desk could not start', toAppError(err).message);
      app.exit(1);
    });
}
