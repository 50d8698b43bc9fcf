import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderInput, ProviderSummary } from '../../../contract/domain.ts';
import { accountVaultId, type StoredTokens } from '../../../main/core/model.ts';
import {
  PEERID_CLIENT_ID,
  PEERID_CLIENT_SECRET,
  PEERID_USER,
  startPeerIdServer,
  type PeerIdServer,
} from '../../servers/peerid-server.ts';
import { createHarness, type Harness } from '../../support/core-harness.ts';
import { signInWithBrowser } from '../../support/sign-in.ts';

let server: PeerIdServer;
let h: Harness;

beforeEach(async () => {
  server = await startPeerIdServer();
  h = await createHarness({ httpTimeoutSeconds: 3 });
});
afterEach(async () => {
  await h.close();
  await server.close();
});

function peerIdInput(overrides: Partial<ProviderInput> = {}): ProviderInput {
  return {
    kind: 'peerid',
    name: 'PeerID',
    baseUrl: server.baseUrl,
    clientId: String(PEERID_CLIENT_ID),
    clientSecret: PEERID_CLIENT_SECRET,
    clientAuth: 'client_secret_post',
    scopes: [],
    authParams: {},
    redirectKind: 'loopback',
    ...overrides,
  };
}

async function passwordSignIn(provider: ProviderSummary, password = PEERID_USER.password) {
  return h.core.signIn.start({
    providerId: provider.id,
    method: 'password',
    username: PEERID_USER.username,
    password,
  });
}

function tokens(accountId: string): StoredTokens {
  return h.core.vault.get<StoredTokens>(accountVaultId(accountId))!;
}

describe('PeerID capabilities', () => {
  it('offers password and browser sign-in, no revoke, and says why', async () => {
    const provider = await h.core.providers.add(peerIdInput());
    expect(provider.capabilities.signIn).toEqual([
      { method: 'password', available: true },
      {
        method: 'authorization-code',
        available: true,
        warning: expect.stringMatching(/registered/),
      },
    ]);
    expect(provider.capabilities.revoke).toMatchObject({
      available: false,
      reason: expect.stringMatching(/stays on PeerID/),
    });
  });

  it('without a client secret: no browser sign-in and "cannot refresh; sign in again when it expires"', async () => {
    const provider = await h.core.providers.add(peerIdInput({ clientSecret: '' }));
    expect(provider.hasClientSecret).toBe(false);
    expect(provider.capabilities.signIn[1]).toMatchObject({
      available: false,
      reason: expect.stringMatching(/client secret/),
    });
    await passwordSignIn(provider);
    const [account] = h.core.accounts.summaries();
    expect(account?.actions.refresh).toMatchObject({
      available: false,
      reason: expect.stringMatching(/cannot refresh.*sign in again when it expires/i),
    });
  });

  it('rejects a client id that is not a number', async () => {
    await expect(h.core.providers.add(peerIdInput({ clientId: 'abc' }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});

describe('PeerID password sign-in', () => {
  it('sends a form body and stores the account with ISO expiry and operation scopes', async () => {
    const provider = await h.core.providers.add(peerIdInput());
    const flow = await passwordSignIn(provider);
    expect(flow.status).toBe('succeeded');

    const request = server.requests.find((r) => r.path === '/api/v1/auth/token')!;
    expect(request.body.kind).toBe('form');
    expect(request.query).toEqual({});

    const [account] = h.core.accounts.summaries();
    const row = server.findToken(tokens(account!.id).accessToken)!;
    expect(account).toMatchObject({
      label: PEERID_USER.username,
      scopes: ['0', '1'],
      status: 'active',
    });
    expect(account?.expiresAt).toBe(Date.parse(row.expires));
    expect(tokens(account!.id).refreshToken).toBe(row.refresh_token);
  });

  it('shows PeerID’s field-level message for a wrong password and stores nothing', async () => {
    const provider = await h.core.providers.add(peerIdInput());
    await expect(passwordSignIn(provider, 'wrong')).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      message: 'PeerID did not accept these credentials.',
      providerMessage: 'login: Invalid email/username or password',
    });
    expect(h.core.accounts.summaries()).toEqual([]);
  });
});

describe('bug: PeerID\'s "already joined" read as wrong credentials', () => {
  async function rejoiningServer() {
    await server.close();
    server = await startPeerIdServer({ rejectRejoin: true });
  }

  it('says the account is already linked and points to browser sign-in', async () => {
    await rejoiningServer();
    const provider = await h.core.providers.add(peerIdInput());
    expect((await passwordSignIn(provider)).status).toBe('succeeded');
    const error = await passwordSignIn(provider).catch((err: unknown) => err);
    expect(error).toMatchObject({
      code: 'PROVIDER_ERROR',
      providerMessage: 'login: You have already joined this app',
    });
    const { message } = error as { message: string };
    expect(message).toMatch(/already linked to this app/);
    expect(message).toMatch(/Sign in with the browser/);
    expect(message).not.toMatch(/did not accept these credentials/);
  });

  it('without a client secret, says browser sign-in needs it', async () => {
    await rejoiningServer();
    const provider = await h.core.providers.add(peerIdInput({ clientSecret: '' }));
    await passwordSignIn(provider);
    await expect(passwordSignIn(provider)).rejects.toMatchObject({
      message: expect.stringMatching(/already linked.*client secret/s),
    });
  });
});

describe('PeerID browser sign-in', () => {
  it('goes through the consent page and exchanges the code with the client secret', async () => {
    const provider = await h.core.providers.add(peerIdInput());
    const { done, outcome } = await signInWithBrowser(h, provider.id, PEERID_USER.username);
    expect(outcome).toMatchObject({ kind: 'loopback', status: 200 });
    expect(done.status).toBe('succeeded');
    const exchange = server.requests.find((r) => r.path === '/api/v1/auth/exchange')!;
    expect(exchange.body.kind).toBe('form');
    expect(server.stats().codeExchanges).toBe(1);
    expect(h.core.accounts.summaries()).toMatchObject([
      {
        status: 'active',
        signInMethod: 'authorization-code',
        label: `PeerID user ${PEERID_USER.id}`,
      },
    ]);
  });

  it('explains the redirect-domain restriction when a cancelled sign-in times out', async () => {
    await h.close();
    h = await createHarness({ signInTimeoutMs: 300 });
    const provider = await h.core.providers.add(peerIdInput());
    const { done } = await signInWithBrowser(h, provider.id, PEERID_USER.username, {
      holdLoopback: true,
    });
    expect(done).toMatchObject({
      status: 'failed',
      error: {
        code: 'SIGN_IN_TIMEOUT',
        message: expect.stringMatching(/registered for the app.*Password sign-in/),
      },
    });
  });
});

describe('PeerID refresh and verify', () => {
  it('refreshes with the client secret; both tokens rotate', async () => {
    const provider = await h.core.providers.add(peerIdInput());
    await passwordSignIn(provider);
    const [account] = h.core.accounts.summaries();
    const before = tokens(account!.id);
    await h.core.accounts.refresh(account!.id);
    const after = tokens(account!.id);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(server.requests.find((r) => r.path === '/api/v1/auth/refreshtoken')?.body.kind).toBe(
      'form',
    );
  });

  it('verifies with the side-effect-free operations call, sending Authorization and ClientID', async () => {
    const provider = await h.core.providers.add(peerIdInput());
    await passwordSignIn(provider);
    const [account] = h.core.accounts.summaries();
    const inspection = await h.core.accounts.inspect(account!.id);
    expect(inspection.sections.find((s) => s.id === 'peerid-verify')).toMatchObject({
      status: 'ok',
    });
    const call = server.requests.find((r) => r.path === '/api/v1/app/operations')!;
    expect(call.headers['authorization']).toBe(`Bearer ${tokens(account!.id).accessToken}`);
    expect(call.headers['clientid']).toBe(String(PEERID_CLIENT_ID));
  });

  it('on 401 from verify, refreshes once and checks again', async () => {
    const provider = await h.core.providers.add(peerIdInput());
    await passwordSignIn(provider);
    const [account] = h.core.accounts.summaries();
    server.expireToken(tokens(account!.id).accessToken);
    const inspection = await h.core.accounts.inspect(account!.id);
    expect(inspection.sections[0]?.note).toMatch(/refreshed and checked again/);
    expect(inspection.sections.find((s) => s.id === 'peerid-verify')?.status).toBe('ok');
    expect(server.stats().refreshes).toBe(1);
  });

  it('on 401 without a way to refresh, flags the account "sign in again" and keeps its tokens', async () => {
    const provider = await h.core.providers.add(peerIdInput({ clientSecret: '' }));
    await passwordSignIn(provider);
    const [account] = h.core.accounts.summaries();
    const before = tokens(account!.id);
    server.expireToken(before.accessToken);
    await h.core.accounts.inspect(account!.id);
    expect(h.core.accounts.summaries()[0]?.status).toBe('reauth-required');
    expect(tokens(account!.id)).toEqual(before);
  });

  it('a rejected refresh token flags "sign in again" with PeerID’s words', async () => {
    const provider = await h.core.providers.add(peerIdInput());
    await passwordSignIn(provider);
    const [account] = h.core.accounts.summaries();
    server.unjoin(PEERID_USER.username);
    await expect(h.core.accounts.refresh(account!.id)).rejects.toMatchObject({
      code: 'REAUTH_REQUIRED',
      providerMessage: 'refresh_token: invalid refresh token',
    });
    expect(h.core.accounts.summaries()[0]?.status).toBe('reauth-required');
  });

  it('remove deletes locally and the grant stays on PeerID', async () => {
    const provider = await h.core.providers.add(peerIdInput());
    await passwordSignIn(provider);
    const [account] = h.core.accounts.summaries();
    const live = tokens(account!.id).accessToken;
    expect(account?.actions.revoke.available).toBe(false);
    await h.core.accounts.remove(account!.id);
    expect(server.findToken(live)).toBeDefined();
  });
});

describe('PeerID failures never replace stored tokens', () => {
  async function signedIn() {
    const provider = await h.core.providers.add(peerIdInput());
    await passwordSignIn(provider);
    const [account] = h.core.accounts.summaries();
    return { account: account!, before: tokens(account!.id) };
  }

  it.each([
    ['an HTML 502 page from a proxy', 'html-502', 'INVALID_RESPONSE', /HTML page \(HTTP 502\)/],
    ['a malformed JSON body', 'malformed-json', 'INVALID_RESPONSE', /instead of JSON/],
    [
      'a response without the token',
      'missing-field',
      'INVALID_RESPONSE',
      /"result\.token" is missing/,
    ],
    [
      'a token of the wrong type',
      'wrong-type',
      'INVALID_RESPONSE',
      /"result\.token" has an unexpected value/,
    ],
    ['an oversized body', 'oversized', 'INVALID_RESPONSE', /larger than/],
    ['a server that never answers', 'hang', 'TIMEOUT', /did not answer in time/],
    ['a dropped connection', 'reset', 'NETWORK', /Could not reach PeerID/],
    ['PeerID’s own server error', 'server-error', 'PROVIDER_ERROR', /server error/],
  ] as const)('on refresh: %s', async (_name, fault, code, message) => {
    const { account, before } = await signedIn();
    server.failNext(fault, { route: '/api/v1/auth/refreshtoken' });
    await expect(h.core.accounts.refresh(account.id)).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
    expect(tokens(account.id)).toEqual(before);
    expect(h.core.accounts.summaries()[0]?.status).toBe('active');
  });

  it('accepts "status" as a string in error bodies', async () => {
    await server.close();
    server = await startPeerIdServer({ statusAsString: true });
    const provider = await h.core.providers.add(peerIdInput());
    await expect(passwordSignIn(provider, 'wrong')).rejects.toMatchObject({
      providerMessage: 'login: Invalid email/username or password',
    });
  });
});
