import { describe, expect, it } from 'vitest';
import type {
  DeliveredRedirect,
  PendingAuthorization,
} from '../../../main/core/flows/pending-authorizations.ts';
import type { AccountRecord, StoredTokens, TokenGrant } from '../../../main/core/model.ts';
import {
  guardAdapter,
  LOCAL_PARTS,
  type Guard,
} from '../../../main/core/providers/guard-adapter.ts';
import type { ProviderAdapter } from '../../../main/core/providers/provider-adapter.ts';

const grant: TokenGrant = {
  tokens: { accessToken: 'a', tokenType: 'bearer' },
  expiresAt: null,
  scopes: null,
};
const tokens: StoredTokens = grant.tokens;
const account = {} as AccountRecord;

/**
 * An adapter with every part. Typed `Required<ProviderAdapter>`: a part added to the interface
 * must be added here, and the tests below then check it is guarded (or declared local).
 */
function fullAdapter(calls: string[]): Required<ProviderAdapter> {
  const run = async <T>(name: string, value: T) => {
    calls.push(name);
    return value;
  };
  return {
    capabilities: () => ({
      signIn: [],
      refresh: { available: true },
      revoke: { available: true },
      introspection: false,
      userinfo: false,
      notes: [],
    }),
    refreshAvailability: () => ({ available: true, kind: 'refresh', label: 'Refresh' }),
    signInTimeoutMessage: () => 'late',
    refresh: () => run('refresh', grant),
    browserSignIn: {
      authorizationUrl: () => run('authorizationUrl', new URL('https://idp.example/authorize')),
      complete: () => run('complete', grant),
    },
    deviceSignIn: () =>
      run('deviceSignIn', {
        userCode: 'ABCD',
        verificationUri: 'https://idp.example/device',
        expiresAt: 0,
        intervalSeconds: 5,
        poll: () => run('poll', grant),
      }),
    directSignIn: () => run('directSignIn', grant),
    revoke: () => run('revoke', undefined),
    inspect: () => run('inspect', []),
    refreshNarrowed: () => run('refreshNarrowed', grant),
    checkIdTokenSignature: () => run('checkIdTokenSignature', null),
    dpopProof: () => run('dpopProof', 'proof'),
  };
}

/** Calls every network-reaching function of an adapter, nested ones included, by name. */
const NETWORK_CALLS: Record<string, (adapter: ProviderAdapter) => Promise<unknown>> = {
  refresh: (a) => a.refresh(tokens, account),
  authorizationUrl: (a) =>
    a.browserSignIn!.authorizationUrl({
      method: 'authorization-code',
      redirectUri: 'http://127.0.0.1/cb',
      state: 's',
      nonce: 'n',
      codeChallenge: 'c',
    }),
  complete: (a) => a.browserSignIn!.complete({} as DeliveredRedirect, {} as PendingAuthorization),
  deviceSignIn: (a) => a.deviceSignIn!(),
  poll: async (a) => (await a.deviceSignIn!()).poll(new AbortController().signal),
  directSignIn: (a) => a.directSignIn!({ method: 'client-credentials' }),
  revoke: (a) => a.revoke!(tokens),
  inspect: (a) => a.inspect!(tokens, account),
  refreshNarrowed: (a) => a.refreshNarrowed!(tokens, { scopes: ['x'] }),
  dpopProof: (a) => a.dpopProof!(tokens, 'at', 'GET', new URL('https://api.example/')),
  checkIdTokenSignature: (a) => a.checkIdTokenSignature!('t'),
};

describe('guardAdapter', () => {
  it('drops no part: the guarded adapter has every part the adapter has', () => {
    const adapter = fullAdapter([]);
    const guarded = guardAdapter(adapter, (operation) => operation());
    expect(Object.keys(guarded).sort()).toEqual(Object.keys(adapter).sort());
  });

  it('declares as local only the parts that reach no network', () => {
    expect([...LOCAL_PARTS].sort()).toEqual(
      ['capabilities', 'refreshAvailability', 'signInTimeoutMessage'].sort(),
    );
  });

  it('every part that is not local is called in NETWORK_CALLS (so the test below covers it)', () => {
    const parts = Object.keys(fullAdapter([])).filter(
      (key) => !(LOCAL_PARTS as string[]).includes(key),
    );
    const covered = new Set(
      Object.keys(NETWORK_CALLS).map((name) =>
        ['authorizationUrl', 'complete'].includes(name)
          ? 'browserSignIn'
          : name === 'poll'
            ? 'deviceSignIn'
            : name,
      ),
    );
    expect([...covered].sort()).toEqual(parts.sort());
  });

  it.each(Object.keys(NETWORK_CALLS))('runs %s inside the guard', async (name) => {
    const calls: string[] = [];
    let inside = false;
    const seenInside: string[] = [];
    const guard: Guard = async (operation) => {
      inside = true;
      try {
        return await operation();
      } finally {
        inside = false;
      }
    };
    // Record, for each inner call, whether the guard was running at that moment.
    const watched = new Proxy(calls, {
      get(target, key, receiver) {
        if (key === 'push')
          return (value: string) => {
            if (inside) seenInside.push(value);
            return target.push(value);
          };
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const guarded = guardAdapter(fullAdapter(watched), guard);
    await NETWORK_CALLS[name]!(guarded);
    expect(seenInside).toContain(name);
  });

  it('keeps absent parts absent, and the local parts working outside the guard', () => {
    let guardRuns = 0;
    const { revoke: _r, deviceSignIn: _d, ...partial } = fullAdapter([]);
    const guarded = guardAdapter(partial, async (operation) => {
      guardRuns += 1;
      return operation();
    });
    expect('revoke' in guarded).toBe(false);
    expect('deviceSignIn' in guarded).toBe(false);
    expect(guarded.signInTimeoutMessage?.()).toBe('late');
    expect(guarded.capabilities().revoke.available).toBe(true);
    expect(guardRuns).toBe(0);
  });
});
