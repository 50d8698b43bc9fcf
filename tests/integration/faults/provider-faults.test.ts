/**
 * Provider faults, the same for every provider: a fault proxy sits between the app and the
 * real server (the oidc-provider IdP, or the PeerID, PlaceOS and Pi stand-ins) and answers a
 * refresh with a 5xx page, a reset, silence, a slow drip, HTML, non-JSON, 10 MB, a wrong
 * content type, or the server's own answer with fields missing, mistyped or absurd.
 *
 * Each must end in a coded error within the HTTP timeout, and leave the stored tokens exactly
 * as they were, read back from the vault file on disk. Background retries against a failing
 * provider are counted at the proxy over a simulated hour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode, ProviderInput } from '../../../contract/domain.ts';
import { AppError } from '../../../main/core/errors.ts';
import { accountVaultId, type StoredTokens } from '../../../main/core/model.ts';
import { TokenVault } from '../../../main/core/vault/token-vault.ts';
import { NATIVE_CLIENT_ID, startOidcIdp, testPassword } from '../../servers/oidc-idp.ts';
import {
  PEERID_CLIENT_ID,
  PEERID_CLIENT_SECRET,
  PEERID_USER,
  startPeerIdServer,
} from '../../servers/peerid-server.ts';
import { startPiServer } from '../../servers/pi-server.ts';
import {
  PLACEOS_PUBLIC_CLIENT_ID,
  PLACEOS_USER,
  startPlaceOsServer,
} from '../../servers/placeos-server.ts';
import { createHarness, TEST_SCRYPT, type Harness } from '../../support/core-harness.ts';
import { startFaultProxy, type FaultProxy, type ProxyFault } from '../../support/fault-proxy.ts';

const HTTP_TIMEOUT_SECONDS = 1;
/** A call may take the timeout plus scheduling slack, never longer. */
const BOUNDED_MS = HTTP_TIMEOUT_SECONDS * 1000 + 1500;
const YEAR_MS = 365 * 24 * 3600_000;

type JsonEdit = (body: Record<string, unknown>) => unknown;
type Upstream = { url: string; close(): Promise<void> };
const byBaseUrl = <T extends { baseUrl: string; close(): Promise<void> }>(server: T) =>
  Object.assign(server, { url: server.baseUrl });

interface Subject {
  /** Where the refresh (or, for Pi, the verification) goes, as a path prefix. */
  route: string;
  /** Builds the provider input pointing at the proxy, and signs an account in. */
  setUp(proxy: FaultProxy, h: Harness): Promise<string>;
  upstream(): Promise<Upstream>;
  /** Edits of the real answer that no client may accept. */
  broken: Record<string, JsonEdit>;
  /** Edits with an absurd expiry: refused, or stored as a plausible one. */
  oddExpiry: Record<string, JsonEdit>;
}

function input(overrides: Partial<ProviderInput> & Pick<ProviderInput, 'kind'>): ProviderInput {
  return {
    name: `Faulty ${overrides.kind}`,
    clientId: '',
    clientAuth: 'none',
    scopes: [],
    authParams: {},
    redirectKind: 'loopback',
    ...overrides,
  };
}

async function passwordAccount(
  h: Harness,
  providerId: string,
  username: string,
  password: string,
): Promise<string> {
  const flow = await h.core.signIn.start({ providerId, method: 'password', username, password });
  return flow.accountId!;
}

const oauthTokenEdits = {
  broken: {
    'no access_token': ({ access_token: _, ...rest }) => rest,
    'access_token is a number': (b) => ({ ...b, access_token: 12345 }),
    'no token_type': ({ token_type: _, ...rest }) => rest,
    'expires_in negative': (b) => ({ ...b, expires_in: -5 }),
    'expires_in a word': (b) => ({ ...b, expires_in: 'soon' }),
    'an array instead of an object': () => [1, 2, 3],
  } satisfies Record<string, JsonEdit>,
  oddExpiry: {
    'expires_in huge': (b) => ({ ...b, expires_in: 1e300 }),
    'expires_in a numeric string': (b) => ({ ...b, expires_in: '600' }),
  } satisfies Record<string, JsonEdit>,
};

const subjects: Record<string, Subject> = {
  'OAuth 2.0 (oidc-provider)': {
    route: '/token',
    upstream: () => startOidcIdp().then((idp) => ({ url: idp.issuer, close: () => idp.close() })),
    async setUp(proxy, h) {
      const provider = await h.core.providers.add(
        input({
          kind: 'oauth2',
          endpoints: { authorization: `${proxy.url}/auth`, token: `${proxy.url}/token` },
          clientId: NATIVE_CLIENT_ID,
          scopes: ['offline_access', 'api:read'],
        }),
      );
      return passwordAccount(h, provider.id, 'alice', testPassword('alice'));
    },
    ...oauthTokenEdits,
  },
  'PlaceOS (older)': {
    route: '/auth/oauth/token',
    upstream: () => startPlaceOsServer({ variant: 'older' }).then(byBaseUrl),
    async setUp(proxy, h) {
      const provider = await h.core.providers.add(
        input({ kind: 'placeos', baseUrl: proxy.url, clientId: PLACEOS_PUBLIC_CLIENT_ID }),
      );
      return passwordAccount(h, provider.id, PLACEOS_USER.email, PLACEOS_USER.password);
    },
    broken: oauthTokenEdits.broken,
    oddExpiry: oauthTokenEdits.oddExpiry,
  },
  PeerID: {
    route: '/api/v1/auth/refreshtoken',
    upstream: () => startPeerIdServer().then(byBaseUrl),
    async setUp(proxy, h) {
      const provider = await h.core.providers.add(
        input({
          kind: 'peerid',
          baseUrl: proxy.url,
          clientId: String(PEERID_CLIENT_ID),
          clientSecret: PEERID_CLIENT_SECRET,
          clientAuth: 'client_secret_post',
        }),
      );
      return passwordAccount(h, provider.id, PEERID_USER.username, PEERID_USER.password);
    },
    broken: {
      'no token': (b) => ({ ...b, result: { ...(b['result'] as object), token: undefined } }),
      'token is a number': (b) => ({ ...b, result: { ...(b['result'] as object), token: 7 } }),
      'expires not a date': (b) => ({
        ...b,
        result: { ...(b['result'] as object), expires: 'next spring' },
      }),
      'no result': ({ result: _, ...rest }) => rest,
    },
    oddExpiry: {
      'expires in the year 275760': (b) => ({
        ...b,
        result: { ...(b['result'] as object), expires: '+275760-09-13T00:00:00.000Z' },
      }),
      'expires in 1970': (b) => ({
        ...b,
        result: { ...(b['result'] as object), expires: '1970-01-01T00:00:00.000Z' },
      }),
    },
  },
  Pi: {
    route: '/v2/me',
    upstream: async () => {
      const pi = byBaseUrl(await startPiServer());
      piServers.push(pi);
      return pi;
    },
    async setUp(proxy, h) {
      const pi = piServers.at(-1)!;
      const provider = await h.core.providers.add(input({ kind: 'pi', baseUrl: proxy.url }));
      const flow = await h.core.signIn.start({
        providerId: provider.id,
        method: 'token-import',
        token: pi.issueToken({ validUntil: Date.now() + 3600_000 }),
      });
      return flow.accountId!;
    },
    broken: {
      'no uid': ({ uid: _, ...rest }) => rest,
      'uid is an object': (b) => ({ ...b, uid: { id: 1 } }),
      'a string instead of an object': () => 'ok',
    },
    oddExpiry: {
      'valid_until huge': (b) => ({
        ...b,
        credentials: { ...(b['credentials'] as object), valid_until: { timestamp: 1e300 } },
      }),
      'valid_until negative': (b) => ({
        ...b,
        credentials: { ...(b['credentials'] as object), valid_until: { timestamp: -1 } },
      }),
      'valid_until a word': (b) => ({
        ...b,
        credentials: { ...(b['credentials'] as object), valid_until: { timestamp: 'soon' } },
      }),
    },
  },
};
const piServers: Awaited<ReturnType<typeof startPiServer>>[] = [];

/** Faults at the HTTP level, and the codes each may end in. */
const HTTP_FAULTS: [string, ProxyFault, ErrorCode[]][] = [
  [
    'a 500 HTML page',
    { kind: 'answer', status: 500, contentType: 'text/html', body: '<h1>Oops</h1>' },
    ['INVALID_RESPONSE', 'PROVIDER_ERROR'],
  ],
  [
    'a 502 from a proxy',
    {
      kind: 'answer',
      status: 502,
      contentType: 'text/html',
      body: '<html><title>502 Bad Gateway</title></html>',
    },
    ['INVALID_RESPONSE', 'PROVIDER_ERROR'],
  ],
  [
    'a 503 with JSON',
    {
      kind: 'answer',
      status: 503,
      contentType: 'application/json',
      body: '{"error":"temporarily_unavailable"}',
    },
    ['PROVIDER_ERROR', 'INVALID_RESPONSE'],
  ],
  ['a reset connection', { kind: 'reset' }, ['NETWORK']],
  ['no answer past the timeout', { kind: 'hang' }, ['TIMEOUT']],
  ['a slow drip', { kind: 'drip', intervalMs: 100 }, ['TIMEOUT']],
  [
    'a 200 HTML login page',
    { kind: 'answer', status: 200, contentType: 'text/html', body: '<form>Sign in</form>' },
    ['INVALID_RESPONSE'],
  ],
  [
    'a 200 non-JSON body',
    { kind: 'answer', status: 200, contentType: 'text/plain', body: 'OK' },
    ['INVALID_RESPONSE'],
  ],
  [
    'a 200 empty body',
    { kind: 'answer', status: 200, contentType: 'application/json', body: '' },
    ['INVALID_RESPONSE'],
  ],
  ['a 10 MB body', { kind: 'huge', bytes: 10 * 1024 * 1024 }, ['INVALID_RESPONSE']],
];

/** The account's tokens as a fresh start of the app would read them from disk. */
async function tokensOnDisk(h: Harness, accountId: string): Promise<StoredTokens | undefined> {
  const vault = new TokenVault({
    filePath: h.core.vault.filePath,
    keychain: h.keychain,
    scrypt: TEST_SCRYPT,
  });
  await vault.load();
  return vault.get<StoredTokens>(accountVaultId(accountId));
}

async function refreshFails(
  h: Harness,
  accountId: string,
  what = '',
): Promise<{ error: AppError; elapsed: number }> {
  const started = Date.now();
  const error = await h.core.accounts.refresh(accountId).then(
    () => undefined,
    (err: unknown) => err,
  );
  const elapsed = Date.now() - started;
  if (!(error instanceof AppError)) {
    throw new Error(
      `${what}: expected a coded error, got ${error === undefined ? 'success' : 'another error'}`,
      { cause: error },
    );
  }
  return { error, elapsed };
}

describe.each(Object.keys(subjects))('%s', (name) => {
  const subject = subjects[name]!;
  let upstream: Upstream;
  let proxy: FaultProxy;
  let h: Harness;
  let accountId: string;

  beforeAll(async () => {
    upstream = await subject.upstream();
    proxy = await startFaultProxy(upstream.url);
    h = await createHarness({ httpTimeoutSeconds: HTTP_TIMEOUT_SECONDS });
    accountId = await subject.setUp(proxy, h);
    // Background refresh stays out of the way; the last test drives it on purpose.
    h.core.scheduler.stop();
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
    await upstream?.close();
  });

  async function expectUnchanged(before: StoredTokens | undefined, expiresAt: number | null) {
    expect(h.core.vault.get<StoredTokens>(accountVaultId(accountId))).toEqual(before);
    expect(await tokensOnDisk(h, accountId)).toEqual(before);
    expect(h.core.accounts.get(accountId).expiresAt).toBe(expiresAt);
  }

  it('refreshes through the proxy when nothing is armed', async () => {
    proxy.clear();
    await h.core.accounts.refresh(accountId);
    expect(proxy.requests.some((r) => r.path.startsWith(subject.route))).toBe(true);
  });

  it.each(HTTP_FAULTS)(
    '%s: a coded error in bounded time, tokens unchanged',
    async (_, fault, codes) => {
      const before = await tokensOnDisk(h, accountId);
      const expiresAt = h.core.accounts.get(accountId).expiresAt;
      proxy.clear();
      proxy.arm(subject.route, fault);
      const { error, elapsed } = await refreshFails(h, accountId);
      proxy.clear();
      expect(codes).toContain(error.code);
      expect(elapsed).toBeLessThan(BOUNDED_MS);
      await expectUnchanged(before, expiresAt);
    },
  );

  it('the real answer under a wrong content type loses nothing: refused as is, or stored whole', async () => {
    // Refusing a real rotated answer would lose the grant, so accepting it is fine; what is
    // not fine is storing part of it.
    for (const contentType of ['text/html', 'text/plain', 'application/octet-stream']) {
      proxy.clear();
      accountId = await subject.setUp(proxy, h);
      const before = await tokensOnDisk(h, accountId);
      proxy.arm(subject.route, { kind: 'content-type', contentType });
      const outcome = await h.core.accounts.refresh(accountId).then(
        () => undefined,
        (error: unknown) => error,
      );
      proxy.clear();
      const after = await tokensOnDisk(h, accountId);
      if (outcome === undefined) {
        expect(after?.accessToken, contentType).toEqual(expect.any(String));
        expect(after?.accessToken.length, contentType).toBeGreaterThan(10);
      } else {
        expect(outcome, contentType).toBeInstanceOf(AppError);
        expect(after, contentType).toEqual(before);
      }
    }
  });

  it('every broken answer is refused with a coded error, tokens unchanged', async () => {
    for (const [what, edit] of Object.entries(subject.broken)) {
      // The server rotated the refresh token before the answer was broken on the way: sign
      // in again so each case starts from a live grant.
      proxy.clear();
      accountId = await subject.setUp(proxy, h);
      const before = await tokensOnDisk(h, accountId);
      const expiresAt = h.core.accounts.get(accountId).expiresAt;
      proxy.clear();
      proxy.arm(subject.route, { kind: 'json', edit });
      const { error } = await refreshFails(h, accountId, what);
      proxy.clear();
      expect(['INVALID_RESPONSE', 'PROVIDER_ERROR'], what).toContain(error.code);
      await expectUnchanged(before, expiresAt);
    }
  });

  it.runIf(name === 'PlaceOS (older)')(
    'a malformed JWT as access token is kept as an opaque token; the account keeps its name',
    async () => {
      proxy.clear();
      accountId = await subject.setUp(proxy, h);
      const before = h.core.accounts.get(accountId);
      proxy.arm(subject.route, {
        kind: 'json',
        edit: (b) => ({ ...b, access_token: 'eyJhbGciOi.not-json.x' }),
      });
      await h.core.accounts.refresh(accountId);
      proxy.clear();
      expect((await tokensOnDisk(h, accountId))?.accessToken).toBe('eyJhbGciOi.not-json.x');
      expect(h.core.accounts.get(accountId)).toMatchObject({
        label: before.label,
        subject: before.subject,
      });
    },
  );

  it('bug: an absurd expiry was stored as given (1e303); now refused, or stored as a plausible one', async () => {
    for (const [what, edit] of Object.entries(subject.oddExpiry)) {
      proxy.clear();
      accountId = await subject.setUp(proxy, h);
      const before = await tokensOnDisk(h, accountId);
      const expiresAt = h.core.accounts.get(accountId).expiresAt;
      proxy.arm(subject.route, { kind: 'json', edit });
      const outcome = await h.core.accounts.refresh(accountId).then(
        (summary) => ({ summary }),
        (error: unknown) => ({ error }),
      );
      proxy.clear();
      if ('error' in outcome) {
        expect(outcome.error, what).toBeInstanceOf(AppError);
        await expectUnchanged(before, expiresAt);
      } else {
        const stored = h.core.accounts.get(accountId).expiresAt;
        // Null ("not known") or a date the UI can show; an expired one is shown as expired.
        if (stored !== null) {
          expect(stored, what).toBeGreaterThanOrEqual(0);
          expect(stored, what).toBeLessThanOrEqual(Date.now() + 100 * YEAR_MS);
        }
        expect(() => h.core.accounts.summaries(), what).not.toThrow();
      }
    }
  });
});

describe('background refresh against a failing provider', () => {
  it('backs off: what the token endpoint sees over a simulated hour', async () => {
    const idp = await startOidcIdp({ accessTokenTtl: 600 });
    const proxy = await startFaultProxy(idp.issuer);
    let now = Date.now();
    const h = await createHarness({ httpTimeoutSeconds: HTTP_TIMEOUT_SECONDS, now: () => now });
    try {
      const accountId = await subjects['OAuth 2.0 (oidc-provider)']!.setUp(proxy, h);
      const before = await tokensOnDisk(h, accountId);
      proxy.clear();
      proxy.arm('/token', {
        kind: 'answer',
        status: 503,
        contentType: 'application/json',
        body: '{"error":"temporarily_unavailable"}',
      });

      // Step simulated time by 5 s for an hour, letting the app's own scheduler act each step.
      const start = now;
      const attempts: number[] = [];
      for (let second = 0; second <= 3600; second += 5) {
        now = start + second * 1000;
        const seen = proxy.requests.length;
        h.core.scheduler.reschedule();
        await new Promise((resolve) => setTimeout(resolve, 3));
        while (proxy.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 3));
        await new Promise((resolve) => setImmediate(resolve));
        for (let i = seen; i < proxy.requests.length; i++) attempts.push(second);
      }

      // A 10-minute token: first try shortly before expiry, then ever longer pauses.
      expect(attempts.length).toBeGreaterThanOrEqual(2);
      expect(attempts.length).toBeLessThanOrEqual(12);
      expect(attempts[0]).toBeGreaterThanOrEqual(400);
      const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
      for (const [i, gap] of gaps.entries()) {
        expect(gap).toBeGreaterThanOrEqual(15);
        if (i > 0) expect(gap).toBeGreaterThanOrEqual(gaps[i - 1]!);
      }
      expect(await tokensOnDisk(h, accountId)).toEqual(before);
      expect(h.core.accounts.get(accountId).status).toBe('active');
    } finally {
      await h.close();
      await proxy.close();
      await idp.close();
    }
  });
});
