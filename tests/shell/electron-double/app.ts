import { EventEmitter } from 'node:events';
import { readConfig } from './config.ts';
import { createEvent, isReady, markReady, record } from './recorder.ts';

export const config = readConfig();

/** Where the app's life ends: the control channel reports the final state, then exits. */
let onExit: (code: number) => void = (code) => process.exit(code);
export function setExitHandler(handler: (code: number) => void): void {
  onExit = handler;
}

type AppSurface = Pick<
  Electron.App,
  | 'whenReady'
  | 'isReady'
  | 'quit'
  | 'exit'
  | 'getPath'
  | 'getAppPath'
  | 'getVersion'
  | 'isPackaged'
  | 'requestSingleInstanceLock'
  | 'setAsDefaultProtocolClient'
  | 'setAppUserModelId'
>;

/** Electron's `app`: paths and version from the config, lifecycle events emitted by tests. */
export class AppDouble extends EventEmitter implements AppSurface {
  readonly isPackaged = config.packaged;
  private readonly readyPromise: Promise<void>;
  private resolveReady!: () => void;
  private quitting = false;

  constructor() {
    super();
    this.readyPromise = new Promise((resolve) => (this.resolveReady = resolve));
  }

  /** Test control: the platform finished launching. */
  emitReady(): void {
    if (isReady()) return;
    markReady();
    this.resolveReady();
    this.emit('ready', createEvent(), {});
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return isReady();
  }

  getPath(name: Parameters<Electron.App['getPath']>[0]): string {
    if (name !== 'userData') throw new Error(`The double has no path for '${name}'.`);
    return config.userData;
  }
  getAppPath(): string {
    return config.appPath;
  }
  getVersion(): string {
    return config.version;
  }

  requestSingleInstanceLock(): boolean {
    record('app.requestSingleInstanceLock');
    return config.singleInstanceLock;
  }
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
    record('app.setAsDefaultProtocolClient', protocol, path, args);
    return true;
  }
  setAppUserModelId(id: string): void {
    record('app.setAppUserModelId', id);
  }

  /** Electron's order: `before-quit` and `will-quit` (both preventable), `quit`, exit. */
  quit(): void {
    record('app.quit');
    if (this.quitting) return;
    const beforeQuit = createEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    const willQuit = createEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.quitting = true;
    this.emit('quit', createEvent(), 0);
    onExit(0);
  }

  exit(exitCode = 0): void {
    record('app.exit', exitCode);
    this.quitting = true;
    onExit(exitCode);
  }
}

export const app = new AppDouble();
