import { afterEach, describe, expect, it } from 'vitest';
import type { Inspection, ProviderInput, ProviderSummary } from '../../../contract/domain.ts';
import { accountVaultId, type StoredTokens } from '../../../main/core/model.ts';
import {
  PLACEOS_ADMIN,
  PLACEOS_CONFIDENTIAL_CLIENT_ID,
  PLACEOS_CONFIDENTIAL_CLIENT_SECRET,
  PLACEOS_PUBLIC_CLIENT_ID,
  PLACEOS_USER,
  startPlaceOsServer,
  type PlaceOsServer,
  type PlaceOsServerOptions,
} from '../../servers/placeos-server.ts';
import { createHarness, type Harness } from '../../support/core-harness.ts';
import { browse } from '../../support/headless-browser.ts';
import { signInWithBrowser } from '../../support/sign-in.ts';
import { waitForFlow } from '../../support/wait.ts';

let server: PlaceOsServer;
let h: Harness;

async function setUp(
  options: PlaceOsServerOptions = {},
  harness: Parameters<typeof createHarness>[0] = {},
) {
  server = await startPlaceOsServer(options);
  h = await createHarness({ httpTimeoutSeconds: 3, ...harness });
}
afterEach(async () => {
  await h.close();
  await server.close();
});

function placeOsInput(overrides: Partial<ProviderInput> = {}): ProviderInput {
  return {
    kind: 'placeos',
    name: 'PlaceOS',
    baseUrl: server.baseUrl,
    clientId: PLACEOS_PUBLIC_CLIENT_ID,
    clientAuth: 'none',
    scopes: [],
    authParams: {},
    redirectKind: 'loopback',
    ...overrides,
  };
}

const confidential = {
  clientId: PLACEOS_CONFIDENTIAL_CLIENT_ID,
  clientSecret: PLACEOS_CONFIDENTIAL_CLIENT_SECRET,
  clientAuth: 'client_secret_basic',
} as const;

function tokens(accountId: string): StoredTokens {
  return h.core.vault.get<StoredTokens>(accountVaultId(accountId))!;
}

function claim(inspection: Inspection, section: string, name: string): unknown {
  return inspection.sections.find((s) => s.id === section)?.claims?.find((c) => c.name === name)
    ?.value;
}

async function browserSignIn(provider: ProviderSummary, email = PLACEOS_USER.email) {
  const result = await signInWithBrowser(h, provider.id, email);
  expect(result.done.error).toBeUndefined();
  return h.core.accounts.summaries()[0]!;
}

function passwordSignIn(provider: ProviderSummary, password = PLACEOS_USER.password) {
  return h.core.signIn.start({
    providerId: provider.id,
    method: 'password',
    username: PLACEOS_USER.email,
    password,
  });
}

describe('PlaceOS capabilities', () => {
  it('derives the endpoints from the domain and says revocation leaves the access token working', async () => {
    await setUp();
    const provider = await h.core.providers.add(placeOsInput());
    expect(provider.endpoints).toEqual({
      authorization: `${server.baseUrl}/auth/oauth/authorize`,
      token: `${server.baseUrl}/auth/oauth/token`,
      revocation: `${server.baseUrl}/auth/oauth/revoke`,
      introspection: `${server.baseUrl}/auth/oauth/introspect`,
    });
    expect(provider.scopes).toEqual(['public']);
    expect(provider.capabilities.revoke).toMatchObject({
      available: true,
      note: expect.stringMatching(/keeps working until it expires/),
    });
    const methods = Object.fromEntries(provider.capabilities.signIn.map((o) => [o.method, o]));
    expect(methods['authorization-code']).toMatchObject({ available: true });
    expect(methods['implicit']).toMatchObject({
      available: true,
      warning: expect.stringMatching(/Deprecated/),
    });
    expect(methods['password']).toMatchObject({
      available: true,
      warning: expect.stringMatching(/older PlaceOS/),
    });
    expect(methods['client-credentials']).toMatchObject({ available: false });
  });
});

describe('PlaceOS (newer service)', () => {
  it('signs in with PKCE; the 2-hour token names the user', async () => {
    await setUp({ variant: 'newer' });
    const provider = await h.core.providers.add(placeOsInput());
    const before = Date.now();
    const account = await browserSignIn(provider);
    expect(account).toMatchObject({
      label: PLACEOS_USER.email,
      subject: PLACEOS_USER.id,
      scopes: ['public'],
    });
    expect(account.expiresAt).toBeGreaterThanOrEqual(before + 7200_000 - 1_000);
    expect(account.expiresAt).toBeLessThanOrEqual(Date.now() + 7200_000);
    const authorize = server.requests.find((r) => r.path === '/auth/oauth/authorize')!;
    expect(authorize.query['code_challenge_method']).toBe('S256');
  });

  it('refresh rotates the refresh token; replaying the old one asks to sign in again', async () => {
    await setUp({ variant: 'newer' });
    const provider = await h.core.providers.add(placeOsInput());
    const account = await browserSignIn(provider);
    const first = tokens(account.id);
    await h.core.accounts.refresh(account.id);
    expect(tokens(account.id).refreshToken).not.toBe(first.refreshToken);
    expect(server.liveRefreshTokens()).not.toContain(first.refreshToken);
  });

  it('inspects through api_keys/inspect and token/info, expanding the user claims', async () => {
    await setUp({ variant: 'newer' });
    const provider = await h.core.providers.add(placeOsInput());
    const account = await browserSignIn(provider, PLACEOS_ADMIN.email);
    const inspection = await h.core.accounts.inspect(account.id);
    expect(claim(inspection, 'placeos-inspect', 'email')).toBe(PLACEOS_ADMIN.email);
    expect(claim(inspection, 'placeos-inspect', 'name')).toBe(PLACEOS_ADMIN.name);
    expect(claim(inspection, 'placeos-inspect', 'groups')).toEqual(PLACEOS_ADMIN.groups);
    expect(claim(inspection, 'placeos-inspect', 'admin')).toBe(true);
    expect(claim(inspection, 'placeos-inspect', 'support')).toBe(true);
    expect(claim(inspection, 'placeos-inspect', 'scope')).toEqual(['public']);
    expect(claim(inspection, 'placeos-token-info', 'resource_owner_id')).toBe(PLACEOS_ADMIN.id);
  });

  it('says the newer service has no password grant', async () => {
    await setUp({ variant: 'newer' });
    const provider = await h.core.providers.add(placeOsInput());
    await expect(passwordSignIn(provider)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/newer PlaceOS versions removed it/),
    });
  });

  it('a confidential client gets a client-credentials token and can introspect', async () => {
    await setUp({ variant: 'newer' });
    const provider = await h.core.providers.add(placeOsInput(confidential));
    await h.core.signIn.start({ providerId: provider.id, method: 'client-credentials' });
    const account = h.core.accounts.summaries()[0]!;
    expect(account.label).toBe(`${PLACEOS_CONFIDENTIAL_CLIENT_ID} (client credentials)`);
    const inspection = await h.core.accounts.inspect(account.id);
    expect(claim(inspection, 'introspection', 'active')).toBe(true);
  });

  it('a wrong client secret is a configuration problem, not "sign in again"', async () => {
    await setUp({ variant: 'newer' });
    const provider = await h.core.providers.add(
      placeOsInput({ ...confidential, clientSecret: 'not-the-secret' }),
    );
    await expect(
      h.core.signIn.start({ providerId: provider.id, method: 'client-credentials' }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      message: expect.stringMatching(/client secret/),
    });
  });
});

describe('PlaceOS (older service)', () => {
  it('signs in with a password and accepts a lowercase token type and created_at', async () => {
    await setUp({ variant: 'older' });
    const provider = await h.core.providers.add(placeOsInput());
    const flow = await passwordSignIn(provider);
    expect(flow.status).toBe('succeeded');
    const account = h.core.accounts.summaries()[0]!;
    expect(account).toMatchObject({ label: PLACEOS_USER.email, hasRefreshToken: true });
    expect(tokens(account.id).tokenType.toLowerCase()).toBe('bearer');
  });

  it('reports a wrong password with PlaceOS’s description', async () => {
    await setUp({ variant: 'older' });
    const provider = await h.core.providers.add(placeOsInput());
    await expect(passwordSignIn(provider, 'nope')).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      providerMessage: expect.stringMatching(/^invalid_grant: /),
    });
  });

  it('implicit sign-in through the loopback listener reads the token from the fragment', async () => {
    await setUp({ variant: 'older' });
    const provider = await h.core.providers.add(placeOsInput());
    const opened = h.nextOpened();
    const flow = await h.core.signIn.start({ providerId: provider.id, method: 'implicit' });
    const url = new URL(await opened);
    expect(url.searchParams.get('response_type')).toBe('token');
    const outcome = await browse(url.href, { account: PLACEOS_USER.email });
    expect(outcome).toMatchObject({ kind: 'loopback', status: 200 });
    expect((await waitForFlow(h.core, flow.id)).status).toBe('succeeded');
    const account = h.core.accounts.summaries()[0]!;
    expect(account).toMatchObject({
      signInMethod: 'implicit',
      label: PLACEOS_USER.email,
      hasRefreshToken: false,
    });
    expect(account.actions.refresh).toMatchObject({
      available: false,
      reason: expect.stringMatching(/implicit/),
    });
  });

  it('bug: the implicit flow was offered with the custom scheme, handing the token to whichever app claims it', async () => {
    await setUp({ variant: 'older' });
    const provider = await h.core.providers.add(placeOsInput({ redirectKind: 'custom-scheme' }));
    expect(provider.capabilities.signIn.find((o) => o.method === 'implicit')).toEqual({
      method: 'implicit',
      available: false,
      reason: expect.stringMatching(/needs the loopback redirect/) as string,
    });
    await expect(
      h.core.signIn.start({ providerId: provider.id, method: 'implicit' }),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/loopback/) });
    expect(h.opened).toEqual([]);
    expect(server.stats().implicitGrants).toBe(0);

    // Switching the redirect to loopback offers it again.
    const loopback = await h.core.providers.update(provider.id, placeOsInput());
    expect(loopback.capabilities.signIn.find((o) => o.method === 'implicit')).toMatchObject({
      available: true,
    });
  });
});

describe('PlaceOS revoke', () => {
  it('revokes, and the inspect view shows the issued access token still working', async () => {
    await setUp({ variant: 'newer' });
    const provider = await h.core.providers.add(placeOsInput());
    const account = await browserSignIn(provider);
    const before = tokens(account.id);
    await h.core.accounts.revoke(account.id);
    expect(server.liveRefreshTokens()).not.toContain(before.refreshToken);
    const inspection = await h.core.accounts.inspect(account.id);
    expect(inspection.sections.find((s) => s.id === 'placeos-inspect')?.status).toBe('ok');
    expect(h.core.accounts.summaries()[0]).toMatchObject({
      status: 'revoked',
      statusMessage: expect.stringMatching(/Revoked/),
    });
  });
});

describe('PlaceOS failures', () => {
  it('401 on inspect refreshes once and checks again', async () => {
    await setUp({ variant: 'newer' });
    const provider = await h.core.providers.add(placeOsInput());
    const account = await browserSignIn(provider);
    server.expireAccessToken(tokens(account.id).accessToken);
    const inspection = await h.core.accounts.inspect(account.id);
    expect(inspection.sections[0]?.note).toMatch(/refreshed and checked again/);
    expect(inspection.sections.find((s) => s.id === 'placeos-inspect')?.status).toBe('ok');
  });

  it.each([
    ['an HTML 502 page', 'html-502', 'INVALID_RESPONSE'],
    ['a malformed body', 'malformed-json', 'INVALID_RESPONSE'],
    ['a body without access_token', 'missing-field', 'INVALID_RESPONSE'],
    ['an oversized body', 'oversized', 'INVALID_RESPONSE'],
    ['a timeout', 'hang', 'TIMEOUT'],
  ] as const)('refresh with %s keeps the stored tokens', async (_name, fault, code) => {
    await setUp({ variant: 'newer' });
    const provider = await h.core.providers.add(placeOsInput());
    const account = await browserSignIn(provider);
    const before = tokens(account.id);
    server.failNext(fault, { route: '/auth/oauth/token' });
    await expect(h.core.accounts.refresh(account.id)).rejects.toMatchObject({ code });
    expect(tokens(account.id)).toEqual(before);
    expect(h.core.accounts.summaries()[0]?.status).toBe('active');
  });
});
