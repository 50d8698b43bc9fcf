import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTokenManagerApi, type Transport } from '../../preload/api.ts';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../contract/channels.ts';
import { runSandboxedPreload, type PreloadWorld } from './electron-double/renderer.ts';
import { ROOT } from './support/shell-app.ts';

/**
 * The built preload (out/preload/index.cjs) run like Electron runs a sandboxed preload:
 * CommonJS in its own context, `require` answering only `electron`.
 */

const PRELOAD = join(ROOT, 'out/preload/index.cjs');

type Shape = { [key: string]: 'function' | Shape };

function shapeOf(value: unknown): Shape | 'function' {
  if (typeof value === 'function') return 'function';
  if (value === null || typeof value !== 'object') throw new Error(`unexpected ${typeof value}`);
  return Object.fromEntries<Shape | 'function'>(
    Object.entries(value).map(([k, v]) => [k, shapeOf(v)]),
  );
}

/** Every method of an API object as 'group.method', with the function. */
function methods(api: unknown): [string, (...args: unknown[]) => unknown][] {
  return Object.entries(api as Record<string, Record<string, (...args: unknown[]) => unknown>>)
    .flatMap(([group, members]) =>
      Object.entries(members).map(([name, fn]) => [`${group}.${name}`, fn] as [string, typeof fn]),
    )
    .sort(([a], [b]) => a.localeCompare(b));
}

/** Subscriptions are the `on…` methods (`onChanged`, `onPendingChanged`…). */
function isSubscription(name: string): boolean {
  return /\.on[A-Z]/.test(name);
}

/** Each `on…` method of the contract with the event it subscribes to; together every event. */
function subscriptionsOfContract(): [string, string][] {
  let subscribed = '';
  const contract = createTokenManagerApi({
    invoke: async () => ({ ok: true, value: undefined as never }),
    subscribe: (event) => {
      subscribed = event;
      return () => undefined;
    },
  });
  const pairs = methods(contract)
    .filter(([name]) => isSubscription(name))
    .map(([name, subscribe]): [string, string] => {
      subscribe(() => undefined);
      return [name, subscribed];
    });
  expect(pairs.map(([, event]) => event).sort()).toEqual([...EVENT_CHANNELS].sort());
  return pairs;
}

/** Sample arguments per method: enough to tell which channel and input each one produces. */
const ARGS: Record<string, unknown[]> = {
  'settings.update': [{ autoRefresh: false }],
  'vault.create': [{ protection: 'os-keychain' }],
  'vault.unlock': ['pass phrase'],
  'vault.changeProtection': [{ protection: 'passphrase', passphrase: 'p' }],
  'providers.add': [{ kind: 'oidc', name: 'x' }],
  'providers.update': ['p1', { kind: 'oidc', name: 'y' }],
  'providers.remove': ['p1'],
  'accounts.refresh': ['a1'],
  'accounts.refreshAll': ['p1'],
  'accounts.revoke': ['a1'],
  'accounts.inspect': ['a1'],
  'accounts.remove': ['a1'],
  'accounts.rename': ['a1', 'Work'],
  'accounts.copyToken': ['a1', 'access'],
  'accounts.revealToken': ['a1', 'id'],
  'signIn.start': [{ providerId: 'p1', method: 'device-code' }],
  'signIn.cancel': ['f1'],
  'signIn.openInBrowser': ['f1'],
  'scripts.updateAccount': [{ id: 'a1', access: 'ask' }],
  'scripts.answer': ['r1', 'deny'],
};

function load(invoke: (channel: string, args: unknown[]) => Promise<unknown>): PreloadWorld {
  return runSandboxedPreload(PRELOAD, { invoke });
}

describe('the built preload in a sandboxed context', () => {
  it('requires nothing but electron and exposes only window.tokenManager', () => {
    const world = load(async () => ({ ok: true, value: null }));
    expect(world.required).toEqual(['electron']);
    expect(Object.keys(world.exposed)).toEqual(['tokenManager']);
  });

  it("exposes exactly the contract's API: the same groups and methods, all functions", () => {
    const world = load(async () => ({ ok: true, value: null }));
    const contract = createTokenManagerApi({
      invoke: async () => ({ ok: true, value: undefined as never }),
      subscribe: () => () => undefined,
    } as Transport);
    expect(shapeOf(world.exposed['tokenManager'])).toEqual(shapeOf(contract));
  });

  it('each method invokes its own channel with the same input as the contract, and together they reach every channel', async () => {
    const sent: { channel: string; args: unknown[] }[] = [];
    const world = load(async (channel, args) => {
      sent.push({ channel, args });
      return { ok: true, value: channel };
    });
    const expected: { channel: string; input: unknown }[] = [];
    const contract = createTokenManagerApi({
      invoke: async (channel, input) => {
        expected.push({ channel, input });
        return { ok: true, value: channel as never };
      },
      subscribe: () => () => undefined,
    });
    const exposed = methods(world.exposed['tokenManager']).filter(([n]) => !isSubscription(n));
    const reference = new Map(methods(contract));
    for (const [name, fn] of exposed) {
      const args = ARGS[name] ?? [];
      expect(await fn(...args)).toEqual({ ok: true, value: expect.any(String) });
      await reference.get(name)!(...args);
    }
    expect(sent.map((s) => ({ channel: s.channel, input: s.args[0] }))).toEqual(expected);
    expect(sent.every((s) => s.args.length === 1)).toBe(true);
    expect([...new Set(sent.map((s) => s.channel))].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('a failed IPC round trip becomes an INTERNAL result, not a rejection', async () => {
    const world = load(async () => {
      throw new Error("No handler registered for 'vault:status'");
    });
    const api = world.exposed['tokenManager'] as { vault: { status(): Promise<unknown> } };
    expect(await api.vault.status()).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Token Desk did not answer this request.' },
    });
  });

  it('events reach the page without the Electron event, and unsubscribe removes the listener', () => {
    const world = load(async () => ({ ok: true, value: null }));
    const exposed = new Map(methods(world.exposed['tokenManager']));
    for (const [name, event] of subscriptionsOfContract()) {
      const received: unknown[][] = [];
      const subscribe = exposed.get(name) as (l: (...args: unknown[]) => void) => () => void;
      const unsubscribe = subscribe((...args) => received.push(args));
      expect(world.listenerCounts()[event], `${name} listens to ${event}`).toBe(1);
      world.deliver(event, [{ n: 1 }]);
      expect(received).toEqual([[{ n: 1 }]]);
      unsubscribe();
      expect(world.listenerCounts()[event] ?? 0).toBe(0);
    }
  });

  it('regression: unsubscribing handed ipcRenderer to the page across the bridge', () => {
    const world = load(async () => ({ ok: true, value: null }));
    const api = world.exposed['tokenManager'] as {
      vault: { onChanged(l: () => void): () => unknown };
    };
    const unsubscribe = api.vault.onChanged(() => undefined);
    // `removeListener` returns the emitter; returned from the unsubscribe function, the page
    // got a copy of ipcRenderer's own properties (its listener table) through contextBridge.
    expect(unsubscribe()).toBeUndefined();
  });
});
