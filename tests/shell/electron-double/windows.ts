import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { app } from './app.ts';
import { ipcMain } from './ipc-main.ts';
import { protocol } from './protocol.ts';
import { createEvent, isReady, record, toData } from './recorder.ts';
import { runSandboxedPreload, type PreloadWorld } from './renderer.ts';

type WebContentsSurface = Pick<
  Electron.WebContents,
  'send' | 'isDestroyed' | 'setWindowOpenHandler' | 'getURL' | 'id'
>;

let nextId = 1;

/** A window's web contents: the page's URL, its preload world, and its navigation events. */
export class WebContentsDouble extends EventEmitter implements WebContentsSurface {
  readonly id = nextId++;
  url = '';
  destroyed = false;
  world: PreloadWorld | undefined;
  windowOpenHandler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0] | undefined;
  /** Every `send` to this renderer, channel and payload. */
  readonly sent: { channel: string; args: unknown[] }[] = [];

  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args: structuredClone(args) });
    this.world?.deliver(channel, args);
  }
  setWindowOpenHandler(handler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0]) {
    record('webContents.setWindowOpenHandler');
    this.windowOpenHandler = handler;
  }

  /** The `event` of an `ipcRenderer.invoke` from this page's main frame. */
  invokeEvent(): Electron.IpcMainInvokeEvent {
    const frame = this.destroyed ? null : { url: this.url };
    return {
      ...createEvent(),
      frameId: 1,
      processId: this.id,
      sender: this as unknown as Electron.WebContents,
      senderFrame: frame as Electron.WebFrameMain | null,
      type: 'frame',
    };
  }
}

type BrowserWindowSurface = Pick<
  Electron.BrowserWindow,
  | 'show'
  | 'focus'
  | 'restore'
  | 'minimize'
  | 'isMinimized'
  | 'isVisible'
  | 'isDestroyed'
  | 'destroy'
  | 'loadURL'
  | 'id'
>;

/** Every window ever created, in order. */
export const windows: BrowserWindowDouble[] = [];

/**
 * Electron's `BrowserWindow`: keeps its options, loads `app://` pages through the registered
 * protocol handler and runs the configured preload like a sandboxed renderer would.
 */
export class BrowserWindowDouble extends EventEmitter implements BrowserWindowSurface {
  readonly id: number;
  readonly options: Electron.BrowserWindowConstructorOptions;
  readonly webContentsDouble = new WebContentsDouble();
  visible = false;
  minimized = false;
  focused = false;
  destroyed = false;
  /** The HTTP-like status of the last page load through a protocol handler. */
  loadStatus: number | undefined;

  constructor(options: Electron.BrowserWindowConstructorOptions = {}) {
    super();
    record('BrowserWindow.constructor', options);
    if (!isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    this.id = this.webContentsDouble.id;
    this.options = options;
    windows.push(this);
    app.emit('web-contents-created', createEvent(), this.webContentsDouble);
    app.emit('browser-window-created', createEvent(), this);
  }

  get webContents(): Electron.WebContents {
    return this.webContentsDouble as unknown as Electron.WebContents;
  }

  async loadURL(url: string): Promise<void> {
    record('BrowserWindow.loadURL', url);
    const contents = this.webContentsDouble;
    contents.url = url;
    const response = await protocol.fetch(url);
    this.loadStatus = response.status;
    await response.arrayBuffer();
    if (!response.ok) {
      throw new Error(`ERR_HTTP_RESPONSE_CODE_FAILURE (-379) loading '${url}'`);
    }
    const preload = this.options.webPreferences?.preload;
    if (preload) {
      if (!existsSync(preload)) throw new Error(`Unable to load preload script: ${preload}`);
      contents.world = runSandboxedPreload(preload, {
        invoke: (channel, args) => ipcMain.invoke(contents.invokeEvent(), channel, args),
      });
    }
    contents.emit('did-finish-load', createEvent());
    this.emit('ready-to-show', createEvent());
  }

  show(): void {
    record('BrowserWindow.show', this.id);
    this.visible = true;
    this.minimized = false;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  minimize(): void {
    this.minimized = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** The user closed the window: `close` (preventable), then `closed`; the app may quit. */
  close(): void {
    const event = createEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContentsDouble.destroyed = true;
    this.emit('closed');
    if (windows.every((w) => w.destroyed)) app.emit('window-all-closed');
  }

  recordAs(): unknown {
    return { window: this.id };
  }

  /** The window as data for the test. */
  snapshot() {
    const contents = this.webContentsDouble;
    return {
      id: this.id,
      options: toData(this.options) as Record<string, unknown>,
      url: contents.url,
      loadStatus: this.loadStatus,
      visible: this.visible,
      focused: this.focused,
      destroyed: this.destroyed,
      preload: contents.world
        ? {
            exposedKeys: Object.keys(contents.world.exposed),
            required: contents.world.required,
            listeners: contents.world.listenerCounts(),
          }
        : null,
      sent: contents.sent.map((s) => s.channel),
    };
  }
}

type PermissionHandlers = {
  request?: Parameters<Electron.Session['setPermissionRequestHandler']>[0];
  check?: Parameters<Electron.Session['setPermissionCheckHandler']>[0];
  device?: Parameters<Electron.Session['setDevicePermissionHandler']>[0];
};

/** A session's permission handlers (the only part of `session` the shell touches). */
export class SessionDouble implements Pick<
  Electron.Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
> {
  readonly handlers: PermissionHandlers = {};
  setPermissionRequestHandler(handler: PermissionHandlers['request']): void {
    record('session.setPermissionRequestHandler');
    this.handlers.request = handler;
  }
  setPermissionCheckHandler(handler: PermissionHandlers['check']): void {
    record('session.setPermissionCheckHandler');
    this.handlers.check = handler;
  }
  setDevicePermissionHandler(handler: PermissionHandlers['device']): void {
    record('session.setDevicePermissionHandler');
    this.handlers.device = handler;
  }
}

const defaultSession = new SessionDouble();

/** `session`, whose `defaultSession` exists only once the app is ready, as in Electron. */
export const session = {
  get defaultSession(): Electron.Session {
    if (!isReady()) throw new Error('Session can only be received when app is ready');
    return defaultSession as unknown as Electron.Session;
  },
} satisfies Pick<typeof Electron.Session, 'defaultSession'>;

export { defaultSession };
