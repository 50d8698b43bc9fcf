import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNELS, type EventChannel } from '../contract/channels.ts';
import type { Result } from '../contract/domain.ts';
import { createTokenManagerApi, type Transport } from './api.ts';

// Exposes exactly the named API of preload/api.ts over Electron IPC: no generic invoke, no
// ipcRenderer, no Electron event objects reach the page.
const transport: Transport = {
  invoke: (channel, input) =>
    // Main answers every call with a Result; a failed IPC round trip becomes one too.
    (ipcRenderer.invoke(channel, input) as Promise<Result<never>>).catch(() => ({
      ok: false as const,
      error: { code: 'INTERNAL' as const, message: 'Token Desk did not answer this request.' },
    })),
  subscribe: (event, listener) => {
    if (!(EVENT_CHANNELS as readonly EventChannel[]).includes(event)) return () => undefined;
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown) =>
      listener(payload as never);
    ipcRenderer.on(event, handler);
    // A block body: `removeListener` returns ipcRenderer, which must not reach the page.
    return () => {
      ipcRenderer.removeListener(event, handler);
    };
  },
};

contextBridge.exposeInMainWorld('tokenManager', createTokenManagerApi(transport));
