import { EventEmitter } from 'node:events';
import { record } from './recorder.ts';

type Handler = (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Electron's `ipcMain`: `handle` channels for `invoke`, plain listeners for `send`. */
export class IpcMainDouble
  extends EventEmitter
  implements Pick<Electron.IpcMain, 'handle' | 'removeHandler'>
{
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, listener: Handler): void {
    record('ipcMain.handle', channel);
    // Electron refuses a second handler for the same channel.
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    record('ipcMain.removeHandler', channel);
    this.handlers.delete(channel);
  }

  /**
   * A renderer's `ipcRenderer.invoke`: arguments and result cross by structured clone, as
   * over Electron's IPC; a channel without a handler rejects as in Electron.
   */
  async invoke(event: Electron.IpcMainInvokeEvent, channel: string, args: unknown[]) {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await handler(event, ...structuredClone(args)));
  }
}

export const ipcMain = new IpcMainDouble();
