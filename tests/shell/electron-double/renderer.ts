import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

/** How a renderer reaches main: `ipcRenderer.invoke`, as `ipcMain.invoke` would receive it. */
export interface RendererLink {
  invoke(channel: string, args: unknown[]): Promise<unknown>;
}

/** A preload that has run in its own world, and what it exposed to the page. */
export interface PreloadWorld {
  /** `window[key]` for each `contextBridge.exposeInMainWorld(key, api)`, as the page sees it. */
  exposed: Record<string, unknown>;
  /** What `require()` the preload asked for, allowed or not. */
  required: string[];
  /** `webContents.send(channel, ...args)` arriving in this renderer. */
  deliver(channel: string, args: unknown[]): void;
  /** Listeners the preload registered with `ipcRenderer.on`, per channel. */
  listenerCounts(): Record<string, number>;
}

type IpcRendererSurface = Pick<Electron.IpcRenderer, 'invoke'>;

/** `ipcRenderer` for one renderer. Arguments cross by structured clone, as over IPC. */
class IpcRendererDouble extends EventEmitter implements IpcRendererSurface {
  private readonly link: RendererLink;
  constructor(link: RendererLink) {
    super();
    this.link = link;
  }
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return this.link.invoke(channel, structuredClone(args));
  }
}

/**
 * Copies a value across the context bridge the way Electron does: functions become callable
 * proxies (both ways: the page's callbacks into the preload, the preload's API into the page),
 * promises stay promises, arrays and objects are copied key by key. Prototypes are dropped,
 * so a class instance (an EventEmitter, say) arrives as a plain object of its own
 * enumerable properties, functions among them still callable.
 */
function bridge(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => bridge(fn(...args.map((arg) => bridge(arg))));
  }
  if (value instanceof Promise) return value.then((v) => bridge(v));
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  seen.set(value, copy);
  for (const [k, v] of Object.entries(value))
    (copy as Record<string, unknown>)[k] = bridge(v, seen);
  return copy;
}

/**
 * Runs a built preload the way Electron runs a sandboxed one: CommonJS in a context of its
 * own, `require` answering only `electron` (contextBridge, ipcRenderer), and a trimmed
 * `process`; no `fs`, no `__dirname`, no Node globals beyond Electron's sandbox set.
 */
export function runSandboxedPreload(preloadPath: string, link: RendererLink): PreloadWorld {
  const ipcRenderer = new IpcRendererDouble(link);
  const exposed: Record<string, unknown> = {};
  const required: string[] = [];
  const contextBridge: Pick<Electron.ContextBridge, 'exposeInMainWorld'> = {
    exposeInMainWorld(apiKey: string, api: unknown) {
      if (apiKey in exposed) {
        throw new Error('Cannot bind an API on top of an existing property on the window object');
      }
      exposed[apiKey] = bridge(api);
    },
  };
  const electron = { contextBridge, ipcRenderer };
  const sandboxRequire = (id: string): unknown => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`module not found: ${id}`);
  };
  const sandboxProcess = {
    type: 'renderer',
    sandboxed: true,
    contextIsolated: true,
    platform: process.platform,
    versions: { ...process.versions },
    env: {},
  };
  const context = vm.createContext({ console });
  const module = { exports: {} };
  const run = vm.compileFunction(
    readFileSync(preloadPath, 'utf8'),
    [
      'require',
      'process',
      'Buffer',
      'global',
      'setImmediate',
      'clearImmediate',
      'exports',
      'module',
    ],
    { filename: pathToFileURL(preloadPath).href, parsingContext: context },
  ) as (...args: unknown[]) => void;
  run(
    sandboxRequire,
    sandboxProcess,
    Buffer,
    context,
    setImmediate,
    clearImmediate,
    module.exports,
    module,
  );
  return {
    exposed,
    required,
    deliver(channel, args) {
      ipcRenderer.emit(channel, { sender: ipcRenderer }, ...structuredClone(args));
    },
    listenerCounts() {
      return Object.fromEntries(
        ipcRenderer.eventNames().map((name) => [String(name), ipcRenderer.listenerCount(name)]),
      );
    },
  };
}
