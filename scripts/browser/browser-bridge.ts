/**
 * Runs inside the page (bundled to one IIFE by browser-host.ts and injected as an init script):
 * the browser counterpart of preload/index.ts. It builds `window.tokenManager` with the same
 * `createTokenManagerApi` the preload uses; only the transport differs. Invokes go through the
 * Playwright binding the host exposes, events arrive through the dispatcher the host calls.
 */
import { createTokenManagerApi, type TokenManagerApi, type Transport } from '../../preload/api.ts';
import { EVENT_CHANNELS, type EventChannel } from '../../contract/channels.ts';
import { EVENT_DISPATCHER, INVOKE_BINDING, fromWire } from './browser-protocol.ts';

interface BridgeGlobal {
  [INVOKE_BINDING]: (channel: string, input: unknown) => Promise<unknown>;
  tokenManager: TokenManagerApi;
}

const page = globalThis as unknown as BridgeGlobal;
const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

function isEventChannel(event: unknown): event is EventChannel {
  return (EVENT_CHANNELS as readonly unknown[]).includes(event);
}

const transport: Transport = {
  invoke: async (channel, input) => fromWire(await page[INVOKE_BINDING](channel, input)) as never,
  subscribe: (event, listener) => {
    if (!isEventChannel(event)) return () => undefined;
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const wrapped = (payload: unknown) => listener(payload as never);
    set.add(wrapped);
    return () => set.delete(wrapped);
  },
};

function dispatch(event: unknown, wire: unknown): void {
  if (!isEventChannel(event)) return;
  const payload = fromWire(wire);
  for (const listener of [...(listeners.get(event) ?? [])]) {
    // One failing listener must not starve the others, as with ipcRenderer.
    try {
      listener(payload);
    } catch (err) {
      console.error(err);
    }
  }
}

/** contextBridge hands the page frozen copies; freeze ours so the page cannot patch the API. */
function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (inner && typeof inner === 'object') deepFreeze(inner as object);
  }
  return Object.freeze(value);
}

Object.defineProperty(globalThis, EVENT_DISPATCHER, { value: dispatch });
Object.defineProperty(globalThis, 'tokenManager', {
  value: deepFreeze(createTokenManagerApi(transport)),
  enumerable: true,
});
