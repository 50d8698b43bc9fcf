import type { CallRecord } from './recorder.ts';
import type { ClipboardEntry } from './system.ts';
import type { MenuItemData } from './tray.ts';

/**
 * The control channel between a shell test and the child process running the built main
 * bundle on the double (Node's IPC channel, structured-clone serialization). The test sends
 * commands with an id and gets one reply per id; the child also reports on its own.
 */
export type Command =
  /** Everything the double knows, as data. */
  | { cmd: 'state' }
  /** The platform finished launching: resolve `whenReady()` and emit `ready`. */
  | { cmd: 'ready' }
  /**
   * Emit an event on an Electron object. With `eventParams`, the first argument is an
   * Electron `Event` carrying them; the reply says whether a listener prevented it.
   */
  | {
      cmd: 'emit';
      target: 'app' | 'powerMonitor' | 'tray' | 'window' | 'webContents' | 'notification';
      /** Which window, tray or notification (default: the last one). */
      index?: number;
      event: string;
      eventParams?: Record<string, unknown>;
      args?: unknown[];
    }
  /** A request to a handled scheme (`app://renderer/…`), as Chromium would make it. */
  | { cmd: 'fetch'; url: string; method?: string }
  /** Call the API the preload exposed in a window (`vault.status`, `accounts.copyToken`…). */
  | { cmd: 'api'; window?: number; path: string; args?: unknown[] }
  /** Subscribe through the exposed API (`accounts.onChanged`); payloads arrive as `page-event`. */
  | { cmd: 'subscribe'; window?: number; path: string }
  /**
   * Call an `ipcMain.handle` handler directly, from a frame at `senderUrl`: null when the
   * frame is gone, 'disposed' when reading the frame's URL throws (a frame torn down mid-call).
   */
  | { cmd: 'invoke'; channel: string; args?: unknown[]; senderUrl: string | null }
  /** Click a tray menu item, found by its labels from the top. */
  | { cmd: 'menu-click'; labels: string[] }
  /** What the page's `window.open(url)` gets from the window-open handler. */
  | { cmd: 'window-open'; window?: number; url: string }
  /** Ask the session's permission handlers, as a page or device request would. */
  | { cmd: 'permission'; permission: string }
  /** The user closes a window. */
  | { cmd: 'close-window'; window?: number }
  /** The user copies something else. */
  | { cmd: 'copy-text'; text: string }
  /** The user quits from the OS (Dock menu, logout): `app.quit()`. */
  | { cmd: 'quit' };

export type CommandMessage = Command & { id: number };

export type Reply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export interface WindowSnapshot {
  id: number;
  options: Record<string, unknown>;
  url: string;
  loadStatus: number | undefined;
  visible: boolean;
  focused: boolean;
  destroyed: boolean;
  preload: {
    exposedKeys: string[];
    required: string[];
    listeners: Record<string, number>;
  } | null;
  sent: string[];
}

export interface DoubleState {
  ready: boolean;
  calls: CallRecord[];
  windows: WindowSnapshot[];
  trays: {
    image: unknown;
    tooltip: string;
    destroyed: boolean;
    menu: MenuItemData[] | null;
  }[];
  clipboard: ClipboardEntry;
  protocol: { privileged: Electron.CustomScheme[]; handled: string[] };
  ipc: { handled: string[]; listened: string[] };
  permissionHandlers: { request: boolean; check: boolean; device: boolean };
  appListeners: Record<string, number>;
  powerMonitorListeners: Record<string, number>;
  notifications: { title: string; body: string }[];
  errorBoxes: { title: string; content: string }[];
}

/** Messages the child sends on its own. */
export type Report =
  /** The bundle finished evaluating (or threw while loading). */
  | { type: 'loaded' }
  | { type: 'load-error'; message: string }
  /** `shell.openExternal(url)`: the URL the system browser would open. */
  | { type: 'open-external'; url: string }
  | { type: 'notification'; title: string; body: string }
  | { type: 'page-event'; path: string; payload: unknown }
  /** The app ended: exit code and the state at that moment. */
  | { type: 'exit'; code: number; state: DoubleState };
