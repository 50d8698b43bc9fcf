import { contextBridge, ipcRenderer } from 'electron';
import { createTokenManagerApi, EVENT_CHANNELS, type EventChannel, type Transport } from './api.ts';

// Exposes exactly the named API of preload/api.ts, over Electron IPC. Nothing else.
const transport: Transport = {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe: (event, listener) => {
    if (!(EVENT_CHANNELS as readonly EventChannel[]).includes(event)) return () => undefined;
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown) =>
      listener(payload as never);
    ipcRenderer.on(event, handler);
    return () => ipcRenderer.removeListener(event, handler);
  },
};

contextBridge.exposeInMainWorld('tokenManager', createTokenManagerApi(transport));
