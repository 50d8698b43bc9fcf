import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { InvokeChannel } from '../../contract/channels.ts';
import type { Core } from '../core/app-core.ts';
import type { HandlerTable } from '../core/ipc/handlers.ts';

/**
 * Registers every channel of the core's handler table with `ipcMain.handle`. The table checks
 * the sender and validates input; a call without a sender frame (navigated away, destroyed)
 * passes null and is refused as untrusted.
 */
export function registerIpcHandlers(table: HandlerTable): void {
  for (const channel of Object.keys(table) as InvokeChannel[]) {
    const handle = table[channel];
    ipcMain.handle(channel, (event, input: unknown) => handle(senderUrl(event), input));
  }
}

/** The calling frame's URL, or null when the frame is gone (reading a disposed frame throws). */
function senderUrl(event: IpcMainInvokeEvent): string | null {
  try {
    return event.senderFrame?.url ?? null;
  } catch {
    return null;
  }
}

/**
 * Pushes every core event (`vault:changed`, `accounts:changed`…) to the app window, if one is
 * open. Payloads are summaries by construction: no token crosses here.
 */
export function forwardCoreEvents(
  core: Core,
  currentWindow: () => BrowserWindow | undefined,
): () => void {
  return core.events.subscribe((event, payload) => {
    const window = currentWindow();
    if (window && !window.isDestroyed() && !window.webContents.isDestroyed()) {
      window.webContents.send(event, payload);
    }
  });
}
