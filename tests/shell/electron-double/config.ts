/**
 * How a test sets up the Electron double in the child process (JSON in the
 * `ELECTRON_DOUBLE_CONFIG` environment variable): the app's paths, what the OS offers.
 */
export interface DoubleConfig {
  /** `app.getPath('userData')`. */
  userData: string;
  /** `app.getAppPath()`: the folder holding out/. */
  appPath: string;
  version: string;
  /** `app.isPackaged`. */
  packaged: boolean;
  /** `process.defaultApp`: run as `electron .` (argv[1] is the app path). */
  defaultApp: boolean;
  /** Extra launch arguments (after the executable, and the app path when defaultApp). */
  argv: string[];
  /** Emulated `process.platform` for the shell's platform branches. */
  platform: NodeJS.Platform;
  /** Whether this launch gets the single-instance lock (false: another instance runs). */
  singleInstanceLock: boolean;
  safeStorage: {
    asyncEncryptionAvailable: boolean;
    backend: ReturnType<Electron.SafeStorage['getSelectedStorageBackend']>;
    /** Hex AES-256 key standing in for the OS keyring's, shared across relaunches. */
    key: string;
  };
  notificationsSupported: boolean;
  /** Make `new Tray()` throw, like a desktop without a status area. */
  trayUnavailable: boolean;
  /** Clipboard formats `clipboard.write` rejects, like a platform refusing a raw format. */
  clipboardRefusedFormats: string[];
}

export function readConfig(): DoubleConfig {
  const raw = process.env.ELECTRON_DOUBLE_CONFIG;
  if (!raw) throw new Error('ELECTRON_DOUBLE_CONFIG is not set');
  return JSON.parse(raw) as DoubleConfig;
}
