/**
 * The Electron double: what `import … from 'electron'` gives the built main bundle (and
 * electron-store) in a shell test's child process. Each part implements the members of the
 * real API that the shell touches, typed with `implements Pick<Electron.X, …>` or
 * `satisfies Pick<…>` against electron.d.ts, so a signature change in Electron fails
 * `npm run typecheck` here. Where a real method takes or returns another Electron object
 * (a Menu, a NativeImage) the double passes its own double of it, cast at that one place.
 */
import { app } from './app.ts';
import { ipcMain } from './ipc-main.ts';
import { protocol } from './protocol.ts';
import {
  ClipboardItemDouble,
  clipboard,
  dialog,
  nativeImage,
  NotificationDouble,
  powerMonitor,
  safeStorage,
  shell,
} from './system.ts';
import { MenuDouble, TrayDouble } from './tray.ts';
import { BrowserWindowDouble, session } from './windows.ts';

export {
  app,
  BrowserWindowDouble as BrowserWindow,
  ClipboardItemDouble as ClipboardItem,
  clipboard,
  dialog,
  ipcMain,
  MenuDouble as Menu,
  nativeImage,
  NotificationDouble as Notification,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  TrayDouble as Tray,
};

const electron = {
  app,
  BrowserWindow: BrowserWindowDouble,
  ClipboardItem: ClipboardItemDouble,
  clipboard,
  dialog,
  ipcMain,
  Menu: MenuDouble,
  nativeImage,
  Notification: NotificationDouble,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  Tray: TrayDouble,
} satisfies Partial<Record<keyof typeof Electron.CrossProcessExports, unknown>>;

/** electron-store reads `app`, `ipcMain` and `shell` from the default export. */
export default electron;

// Compile-time checks for constructors and static members: the double accepts every
// argument list the real one accepts.
type Assert<T extends true> = T;
type Accepts<Real extends unknown[], Double extends unknown[]> = Real extends Double ? true : false;
export type ElectronDoubleChecks = [
  Assert<
    Accepts<
      ConstructorParameters<typeof Electron.BrowserWindow>,
      ConstructorParameters<typeof BrowserWindowDouble>
    >
  >,
  Assert<
    Accepts<
      ConstructorParameters<typeof Electron.ClipboardItem>,
      ConstructorParameters<typeof ClipboardItemDouble>
    >
  >,
  Assert<
    Accepts<
      ConstructorParameters<typeof Electron.Notification>,
      ConstructorParameters<typeof NotificationDouble>
    >
  >,
  Assert<
    Accepts<ConstructorParameters<typeof Electron.Tray>, ConstructorParameters<typeof TrayDouble>>
  >,
  Assert<
    Accepts<
      Parameters<typeof Electron.Menu.buildFromTemplate>,
      Parameters<typeof MenuDouble.buildFromTemplate>
    >
  >,
  Assert<
    Accepts<
      Parameters<typeof Electron.NativeImage.createFromBuffer>,
      Parameters<typeof nativeImage.createFromBuffer>
    >
  >,
  Assert<
    Accepts<
      Parameters<typeof Electron.Notification.isSupported>,
      Parameters<typeof NotificationDouble.isSupported>
    >
  >,
];

// Events: every event the double emits (itself or for a test) is one the real object emits,
// checked against the `on` overloads of electron.d.ts. `on`, `once` and `removeListener`
// come from Node's EventEmitter in the double.
type Emits<On, Event extends string> = Event extends string
  ? On extends (event: Event, listener: never) => unknown
    ? true
    : false
  : never;
export type ElectronDoubleEventChecks = [
  Assert<
    Emits<
      Electron.App['on'],
      | 'ready'
      | 'before-quit'
      | 'will-quit'
      | 'quit'
      | 'open-url'
      | 'second-instance'
      | 'window-all-closed'
      | 'activate'
      | 'web-contents-created'
      | 'browser-window-created'
    >
  >,
  Assert<
    Emits<
      Electron.WebContents['on'],
      | 'will-navigate'
      | 'will-frame-navigate'
      | 'will-redirect'
      | 'will-attach-webview'
      | 'did-finish-load'
    >
  >,
  Assert<Emits<Electron.BrowserWindow['on'], 'ready-to-show' | 'close' | 'closed'>>,
  Assert<Emits<Electron.Tray['on'], 'click'>>,
  Assert<Emits<Electron.Notification['on'], 'click'>>,
  Assert<
    Emits<Electron.PowerMonitor['on'], 'lock-screen' | 'unlock-screen' | 'suspend' | 'resume'>
  >,
];
