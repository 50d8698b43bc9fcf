import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderInput, ProviderSummary } from '../../../contract/domain.ts';
import {
  PI_DEFAULT_UID,
  PI_DEFAULT_USERNAME,
  startPiServer,
  type PiServer,
} from '../../servers/pi-server.ts';
import { createHarness, type Harness } from '../../support/core-harness.ts';

let server: PiServer;
let h: Harness;
let provider: ProviderSummary;

function piInput(overrides: Partial<ProviderInput> = {}): ProviderInput {
  return {
    kind: 'pi',
    name: 'Pi Network',
    baseUrl: server.baseUrl,
    clientId: '',
    clientAuth: 'none',
    scopes: [],
    authParams: {},
    redirectKind: 'loopback',
    ...overrides,
  };
}

beforeEach(async () => {
  server = await startPiServer();
  h = await createHarness({ httpTimeoutSeconds: 3 });
  provider = await h.core.providers.add(piInput());
});
afterEach(async () => {
  await h.close();
  await server.close();
});

function importToken(token: string) {
  return h.core.signIn.start({ providerId: provider.id, method: 'token-import', token });
}

describe('Pi Network capabilities', () => {
  it('offers only token import, and says why browser sign-in and revoke are missing', () => {
    expect(provider.capabilities.signIn).toEqual([
      { method: 'token-import', available: true },
      {
        method: 'authorization-code',
        available: false,
        reason: expect.stringMatching(/Pi Browser/),
      },
    ]);
    expect(provider.capabilities.revoke).toMatchObject({
      available: false,
      reason: expect.stringMatching(/no revocation/),
    });
  });
});

describe('Pi Network token import', () => {
  it('verifies with /v2/me and shows uid, username, scopes and valid_until', async () => {
    const validUntil = Date.now() + 45 * 60_000;
    const token = server.issueToken({ scopes: ['username', 'payments'], validUntil });
    await importToken(token);
    const [account] = h.core.accounts.summaries();
    expect(account).toMatchObject({
      subject: PI_DEFAULT_UID,
      label: PI_DEFAULT_USERNAME,
      scopes: ['username', 'payments'],
      signInMethod: 'token-import',
      refreshLabel: 'Verify again',
    });
    expect(Math.abs(account!.expiresAt! - validUntil)).toBeLessThan(1000);
    const me = server.requests.find((r) => r.path === '/v2/me')!;
    expect(me.headers['authorization']).toBe(`Bearer ${token}`);
  });

  it('trusts only the uid from /v2/me: without the username scope the account is named by uid', async () => {
    await importToken(server.issueToken({ uid: 'uid-0123456789abcdef', scopes: ['payments'] }));
    expect(h.core.accounts.summaries()[0]).toMatchObject({
      subject: 'uid-0123456789abcdef',
      label: 'Pi user uid-01234567',
    });
  });

  it.each([
    ['the older response without credentials', { shape: 'legacy' as const }],
    ['the documented nested response', { shape: 'nested' as const }],
    ['valid_until in milliseconds', { timestampUnits: 'milliseconds' as const }],
  ])('accepts %s', async (_name, options) => {
    server.configure(options);
    await importToken(server.issueToken({ scopes: ['username'] }));
    expect(h.core.accounts.summaries()[0]).toMatchObject({
      subject: PI_DEFAULT_UID,
      label: PI_DEFAULT_USERNAME,
    });
  });

  it('refuses an invalid token with the instruction to get a new one, and stores nothing', async () => {
    await expect(importToken('not-a-real-token')).rejects.toMatchObject({
      code: 'REAUTH_REQUIRED',
      message: expect.stringMatching(/Get a new access token from your app in the Pi Browser/),
    });
    expect(h.core.accounts.summaries()).toEqual([]);
  });
});

describe('bug: a pasted Pi.authenticate result was rejected as "tampered with"', () => {
  it('takes the access token out of the pasted result, and trusts /v2/me for the uid', async () => {
    const token = server.issueToken();
    const pasted = JSON.stringify(
      { accessToken: token, user: { uid: 'forged-uid', username: 'mallory' } },
      null,
      2,
    );
    const flow = await importToken(pasted);
    expect(flow.status).toBe('succeeded');
    const [account] = h.core.accounts.summaries();
    expect(account).toMatchObject({ subject: PI_DEFAULT_UID, label: PI_DEFAULT_USERNAME });
    expect(h.core.accounts.revealToken(account!.id, 'access')).toBe(token);
    const me = server.requests.filter((r) => r.path === '/v2/me');
    expect(me.map((r) => r.headers['authorization'])).toEqual([`Bearer ${token}`]);
  });

  it.each([
    ['a quoted token', (t: string) => JSON.stringify(t)],
    ['a Bearer header value', (t: string) => `Bearer ${t}`],
    [
      'the whole AuthResults with whitespace around it',
      (t: string) => `\n  {"accessToken":"${t}"}\n`,
    ],
  ])('accepts %s', async (_name, wrap) => {
    const token = server.issueToken();
    expect((await importToken(wrap(token))).status).toBe('succeeded');
    expect(h.core.accounts.revealToken(h.core.accounts.summaries()[0]!.id, 'access')).toBe(token);
  });

  it('says exactly what to paste when the JSON holds no access token, without asking Pi', async () => {
    await expect(importToken('{"user":{"uid":"abc"}}')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/accessToken/),
    });
    expect(server.requests.filter((r) => r.path === '/v2/me')).toEqual([]);
  });
});

describe('Pi Network verify again', () => {
  it('re-verifies the token', async () => {
    await importToken(server.issueToken({ scopes: ['username'] }));
    const [account] = h.core.accounts.summaries();
    const refreshed = await h.core.accounts.refresh(account!.id);
    expect(refreshed.lastRefreshedAt).not.toBeNull();
    expect(server.stats().meCalls).toBe(2);
  });

  it.each(['error-object', 'empty', 'plain'] as const)(
    'a 401 (%s body) marks the token invalid: sign in again from the Pi Browser',
    async (unauthorizedBody) => {
      server.configure({ unauthorizedBody });
      const token = server.issueToken({ scopes: ['username'] });
      await importToken(token);
      const [account] = h.core.accounts.summaries();
      server.expireToken(token);
      await expect(h.core.accounts.refresh(account!.id)).rejects.toMatchObject({
        code: 'REAUTH_REQUIRED',
      });
      expect(h.core.accounts.summaries()[0]).toMatchObject({
        status: 'reauth-required',
        statusMessage: expect.stringMatching(/Pi Browser/),
      });
    },
  );

  it('inspect shows the /v2/me answer', async () => {
    await importToken(server.issueToken({ scopes: ['username', 'wallet_address'] }));
    const [account] = h.core.accounts.summaries();
    const inspection = await h.core.accounts.inspect(account!.id);
    const me = inspection.sections.find((s) => s.id === 'pi-me');
    expect(me?.status).toBe('ok');
    expect(me?.claims?.find((c) => c.name === 'uid')?.value).toBe(PI_DEFAULT_UID);
  });

  it.each([
    ['an HTML 502 page', 'html-502', 'INVALID_RESPONSE'],
    ['a body without uid', 'missing-field', 'INVALID_RESPONSE'],
    ['an oversized body', 'oversized', 'INVALID_RESPONSE'],
    ['a timeout', 'hang', 'TIMEOUT'],
    ['a dropped connection', 'reset', 'NETWORK'],
  ] as const)(
    '%s on verify leaves the account and token as they were',
    async (_name, fault, code) => {
      await importToken(server.issueToken({ scopes: ['username'] }));
      const [before] = h.core.accounts.summaries();
      server.failNext(fault, { route: '/v2/me' });
      await expect(h.core.accounts.refresh(before!.id)).rejects.toMatchObject({ code });
      expect(h.core.accounts.summaries()[0]).toEqual(before);
      expect(h.core.accounts.revealToken(before!.id, 'access')).toBe(server.liveTokens()[0]?.token);
    },
  );
});
