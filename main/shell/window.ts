import { BrowserWindow, type NativeImage } from 'electron';

export interface MainWindowOptions {
  /** The built preload (CommonJS, as a sandboxed preload must be). */
  preloadPath: string;
  /** `app://renderer/index.html`, or the electron-vite dev server in development. */
  url: string;
  icon?: NativeImage;
  devTools: boolean;
}

/** The one app window, created on first use and again after the user closed it. */
export interface WindowController {
  /** The window if it exists and is not destroyed. */
  current(): BrowserWindow | undefined;
  /** Shows (creating if needed), restores and focuses the window. */
  show(): BrowserWindow;
}

/**
 * Creates the app window with the security baseline of docs/architecture.md; hidden until
 * painted.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    title: 'Token Desk',
    show: false,
    backgroundColor: '#ffffff',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click would otherwise try to open a new window (denied anyway); keep it inert.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools,
    },
  });
  // Shown once painted, so the user never sees an empty white frame.
  window.once('ready-to-show', () => window.show());
  window.loadURL(options.url).catch((err: unknown) => {
    // Only a broken build gets here; show the window so the failure is not invisible.
    console.error(
      `Could not load ${options.url}: ${err instanceof Error ? err.message : 'unknown error'}`,
    );
    if (!window.isDestroyed()) window.show();
  });
  return window;
}

/** Keeps at most one window; closing it keeps the app (and its tray) running. */
export function createWindowController(options: MainWindowOptions): WindowController {
  let window: BrowserWindow | undefined;
  const current = () => (window && !window.isDestroyed() ? window : undefined);
  return {
    current,
    show() {
      const existing = current();
      if (existing) {
        if (existing.isMinimized()) existing.restore();
        existing.show();
        existing.focus();
        return existing;
      }
      window = createMainWindow(options);
      window.on('closed', () => {
        window = undefined;
      });
      return window;
    },
  };
}
