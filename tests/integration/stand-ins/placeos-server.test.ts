/**
 * Contract of the PlaceOS stand-in, both variants: the older Rails/Doorkeeper service and the
 * newer Crystal one (docs/providers.md, "PlaceOS").
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import {
  PLACEOS_ADMIN,
  PLACEOS_CONFIDENTIAL_CLIENT_ID,
  PLACEOS_CONFIDENTIAL_CLIENT_SECRET,
  PLACEOS_PUBLIC_CLIENT_ID,
  PLACEOS_USER,
  startPlaceOsServer,
  type PlaceOsServer,
  type PlaceOsTokenResponse,
  type PlaceOsVariant,
} from '../../servers/placeos-server.ts';
import { basic, ownServer, postForm, send, type Sent } from './http.ts';

const REDIRECT = 'http://127.0.0.1:49152/callback';

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

interface AuthorizeParams {
  responseType?: string;
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  state?: string;
  challenge?: string | null;
  account?: string | null;
  headers?: Record<string, string>;
}

function authorize(server: PlaceOsServer, params: AuthorizeParams = {}): Promise<Sent> {
  const url = new URL(server.authorizeUrl);
  url.searchParams.set('response_type', params.responseType ?? 'code');
  url.searchParams.set('client_id', params.clientId ?? PLACEOS_PUBLIC_CLIENT_ID);
  url.searchParams.set('redirect_uri', params.redirectUri ?? REDIRECT);
  if (params.scope !== undefined) url.searchParams.set('scope', params.scope);
  if (params.state !== undefined) url.searchParams.set('state', params.state);
  if (params.challenge) {
    url.searchParams.set('code_challenge', params.challenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  const headers: Record<string, string> = { ...params.headers };
  if (params.account !== null) headers['x-test-account'] = params.account ?? PLACEOS_USER.email;
  return send(url.href, { headers });
}

function token(server: PlaceOsServer, fields: Record<string, string>, headers = {}) {
  return postForm(server.tokenUrl, fields, headers);
}

/** Full code flow (with PKCE); returns the token response. */
async function codeFlow(
  server: PlaceOsServer,
  extra: { scope?: string; account?: string } = {},
): Promise<PlaceOsTokenResponse> {
  const { verifier, challenge } = pkce();
  const res = await authorize(server, { challenge, state: 's', ...extra });
  expect(res.status).toBe(302);
  const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
  const exchanged = await token(server, {
    grant_type: 'authorization_code',
    client_id: PLACEOS_PUBLIC_CLIENT_ID,
    code,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
  });
  expect(exchanged.status).toBe(200);
  return exchanged.body as PlaceOsTokenResponse;
}

function refresh(server: PlaceOsServer, refreshToken: string) {
  return token(server, {
    grant_type: 'refresh_token',
    client_id: PLACEOS_PUBLIC_CLIENT_ID,
    refresh_token: refreshToken,
  });
}

function inspect(server: PlaceOsServer, accessToken: string) {
  return send(`${server.baseUrl}/api/engine/v2/api_keys/inspect`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

function tokenInfo(server: PlaceOsServer, accessToken: string) {
  return send(`${server.baseUrl}/auth/oauth/token/info`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

function introspect(
  server: PlaceOsServer,
  tokenValue: string,
  headers: Record<string, string> = {},
) {
  return postForm(`${server.baseUrl}/auth/oauth/introspect`, { token: tokenValue }, headers);
}

const confidentialBasic = basic(PLACEOS_CONFIDENTIAL_CLIENT_ID, PLACEOS_CONFIDENTIAL_CLIENT_SECRET);

describe.each<PlaceOsVariant>(['older', 'newer'])('PlaceOS %s service', (variant) => {
  const older = variant === 'older';
  let server: PlaceOsServer;
  beforeAll(async () => {
    server = await startPlaceOsServer({ variant });
  });
  afterAll(async () => {
    await server.close();
  });

  describe('authorize', () => {
    it('sends a visitor without a session to the sign-in page', async () => {
      const res = await authorize(server, { challenge: pkce().challenge, account: null });
      expect(res.status).toBe(older ? 302 : 303);
      const location = new URL(res.headers.get('location')!, server.baseUrl);
      expect(location.pathname).toBe('/auth/login');
      expect(location.searchParams.get('continue')).toMatch(/^\/auth\/oauth\/authorize\?/);
      const login = await send(location.href);
      expect(login.status).toBe(200);
      expect(login.text).toContain('<form method="post" action="/auth/signin">');
    });

    it('a session from POST /auth/signin authorizes; code and state come back in the query', async () => {
      const signIn = await postForm(`${server.baseUrl}/auth/signin`, {
        email: PLACEOS_USER.email,
        password: PLACEOS_USER.password,
        continue: '/after',
      });
      expect(signIn.status).toBe(302);
      expect(signIn.headers.get('location')).toBe('/after');
      const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
      expect(cookie).toMatch(/^user=/);

      const state = 'a b&c/d';
      const res = await authorize(server, {
        challenge: pkce().challenge,
        state,
        account: null,
        headers: { cookie },
      });
      expect(res.status).toBe(302);
      const location = res.headers.get('location')!;
      expect(location.startsWith(`${REDIRECT}?code=`)).toBe(true);
      const url = new URL(location);
      expect(url.searchParams.get('state')).toBe(state);
      expect(location).toContain('state=a+b%26c%2Fd'); // encoded, unlike PeerID

      const wrong = await postForm(`${server.baseUrl}/auth/signin`, {
        email: PLACEOS_USER.email,
        password: 'nope',
      });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.getSetCookie()).toEqual([]);
    });

    it('accepts a loopback redirect on any port, and refuses unregistered redirects', async () => {
      const challenge = pkce().challenge;
      const anyPort = await authorize(server, {
        challenge,
        redirectUri: 'http://127.0.0.1:1234/callback',
      });
      expect(anyPort.status).toBe(302);
      expect(anyPort.headers.get('location')).toMatch(
        /^http:\/\/127\.0\.0\.1:1234\/callback\?code=/,
      );
      const custom = await authorize(server, {
        challenge,
        redirectUri: 'io.github.tokendesk:/oauth/callback',
      });
      expect(custom.headers.get('location')).toMatch(
        /^io\.github\.tokendesk:\/oauth\/callback\?code=/,
      );

      const bad = await authorize(server, {
        challenge,
        redirectUri: 'http://localhost:1234/callback',
      });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('location')).toBeNull();
      const unknown = await authorize(server, { challenge, clientId: 'nope' });
      expect(unknown.status).toBe(401);
      expect(unknown.headers.get('location')).toBeNull();
    });

    it('deny sends error=access_denied with the state', async () => {
      const res = await authorize(server, {
        challenge: pkce().challenge,
        state: 'xyz',
        headers: { 'x-test-consent': 'deny' },
      });
      expect(res.status).toBe(302);
      const url = new URL(res.headers.get('location')!);
      expect(url.searchParams.get('error')).toBe('access_denied');
      expect(url.searchParams.get('state')).toBe('xyz');
    });

    it('refuses a scope the application does not have', async () => {
      const res = await authorize(server, {
        challenge: pkce().challenge,
        scope: 'admin',
        state: 's',
      });
      if (older) {
        expect(res.status).toBe(302);
        const url = new URL(res.headers.get('location')!);
        expect(url.searchParams.get('error')).toBe('invalid_scope');
        expect(url.searchParams.get('state')).toBe('s');
      } else {
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ error: 'invalid_scope' });
      }
    });
  });

  describe('token endpoint', () => {
    it('code exchange returns the variant’s token response', async () => {
      const before = Math.floor(Date.now() / 1000);
      const body = await codeFlow(server);
      const keys = ['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope'];
      expect(Object.keys(body)).toEqual(older ? [...keys, 'created_at'] : keys);
      expect(body.token_type).toBe(older ? 'bearer' : 'Bearer');
      expect(body.expires_in).toBe(7200);
      expect(body.scope).toBe('public'); // the default scope
      if (older) expect(body.created_at).toBeGreaterThanOrEqual(before);
      expect(body.access_token.split('.')).toHaveLength(3);
    });

    it('access tokens are RS256 JWTs with the PlaceOS claims', async () => {
      const body = await codeFlow(server, {
        scope: 'public mqtt.read',
        account: PLACEOS_ADMIN.email,
      });
      expect(decodeProtectedHeader(body.access_token).alg).toBe('RS256');
      const key = await importJWK(server.publicJwk, 'RS256');
      const { payload } = await jwtVerify(body.access_token, key);
      expect(payload).toMatchObject({
        iss: 'POS',
        aud: '127.0.0.1',
        sub: PLACEOS_ADMIN.id,
        scope: ['public', 'mqtt.read'],
        u: { n: PLACEOS_ADMIN.name, e: PLACEOS_ADMIN.email, p: 3, r: PLACEOS_ADMIN.groups },
      });
      expect(payload.exp! - payload.iat!).toBe(7200);
    });

    it('a code is single use and bound to its redirect_uri', async () => {
      const { verifier, challenge } = pkce();
      const res = await authorize(server, { challenge });
      const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
      const fields = {
        grant_type: 'authorization_code',
        client_id: PLACEOS_PUBLIC_CLIENT_ID,
        code,
        redirect_uri: 'http://127.0.0.1:49152/other',
        code_verifier: verifier,
      };
      const mismatch = await token(server, fields);
      expect(mismatch.status).toBe(400);
      expect(mismatch.body).toMatchObject({ error: 'invalid_grant' });
      expect((await token(server, { ...fields, redirect_uri: REDIRECT })).status).toBe(200);
      const replay = await token(server, { ...fields, redirect_uri: REDIRECT });
      expect(replay.status).toBe(400);
      expect(replay.body).toEqual({
        error: 'invalid_grant',
        error_description: expect.any(String),
      });
    });

    it('refresh tokens rotate; replaying a used one fails with invalid_grant', async () => {
      const first = await codeFlow(server);
      const before = server.stats().refreshes;
      const res = await refresh(server, first.refresh_token!);
      expect(res.status).toBe(200);
      const second = res.body as PlaceOsTokenResponse;
      expect(second.refresh_token).toBeTruthy();
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(second.access_token).not.toBe(first.access_token);
      expect(server.stats().refreshes).toBe(before + 1);
      expect(server.liveRefreshTokens()).toContain(second.refresh_token);
      expect(server.liveRefreshTokens()).not.toContain(first.refresh_token);

      const replay = await refresh(server, first.refresh_token!);
      expect(replay.status).toBe(400);
      expect(replay.body).toEqual({
        error: 'invalid_grant',
        error_description: expect.any(String),
      });
    });

    it('password grant: older only', async () => {
      const fields = {
        grant_type: 'password',
        username: PLACEOS_USER.email,
        password: PLACEOS_USER.password,
        client_id: PLACEOS_PUBLIC_CLIENT_ID,
        scope: 'public mqtt.read',
      };
      const res = await token(server, fields);
      if (older) {
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ token_type: 'bearer', scope: 'public mqtt.read' });
        const wrong = await token(server, { ...fields, password: 'nope' });
        expect(wrong.status).toBe(400);
        expect(wrong.body).toEqual({
          error: 'invalid_grant',
          error_description: expect.any(String),
        });
      } else {
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          error: 'unsupported_grant_type',
          error_description: 'the password grant has been disabled',
        });
      }
    });

    it('client authentication: secret in the body or HTTP Basic; failures are 401 + WWW-Authenticate', async () => {
      const grant = { grant_type: 'client_credentials', scope: 'public' };
      const viaBody = await token(server, {
        ...grant,
        client_id: PLACEOS_CONFIDENTIAL_CLIENT_ID,
        client_secret: PLACEOS_CONFIDENTIAL_CLIENT_SECRET,
      });
      expect(viaBody.status).toBe(200);
      expect(viaBody.body).not.toHaveProperty('refresh_token');
      expect((await token(server, grant, { authorization: confidentialBasic })).status).toBe(200);

      for (const failing of [
        token(server, { ...grant, client_id: PLACEOS_CONFIDENTIAL_CLIENT_ID }),
        token(server, grant, { authorization: basic(PLACEOS_CONFIDENTIAL_CLIENT_ID, 'wrong') }),
        token(server, { ...grant, client_id: 'unknown' }),
      ]) {
        const res = await failing;
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(
          /^Bearer realm="Doorkeeper", error="invalid_client"/,
        );
        expect(res.body).toMatchObject({ error: 'invalid_client' });
      }
    });

    it('unknown grant types and scopes are refused', async () => {
      const odd = await token(server, {
        grant_type: 'device_code',
        client_id: PLACEOS_PUBLIC_CLIENT_ID,
      });
      expect(odd.status).toBe(400);
      expect(odd.body).toMatchObject({ error: 'unsupported_grant_type' });
      const scope = await token(server, {
        grant_type: 'client_credentials',
        scope: 'admin',
        client_id: PLACEOS_CONFIDENTIAL_CLIENT_ID,
        client_secret: PLACEOS_CONFIDENTIAL_CLIENT_SECRET,
      });
      expect(scope.status).toBe(400);
      expect(scope.body).toMatchObject({ error: 'invalid_scope' });
    });
  });

  describe('inspect, token info, introspect', () => {
    it('inspect returns the claims for a token in the header, ?bearer_token= or the cookie', async () => {
      const { access_token } = await codeFlow(server);
      const viaHeader = await inspect(server, access_token);
      expect(viaHeader.status).toBe(200);
      expect(viaHeader.body).toMatchObject({
        iss: 'POS',
        aud: '127.0.0.1',
        sub: PLACEOS_USER.id,
        scope: ['public'],
        u: { n: PLACEOS_USER.name, e: PLACEOS_USER.email, p: 0, r: PLACEOS_USER.groups },
      });
      const base = `${server.baseUrl}/api/engine/v2/api_keys/inspect`;
      const viaQuery = await send(`${base}?bearer_token=${encodeURIComponent(access_token)}`);
      const viaCookie = await send(base, { headers: { cookie: `bearer_token=${access_token}` } });
      expect(viaQuery.body).toEqual(viaHeader.body);
      expect(viaCookie.body).toEqual(viaHeader.body);
    });

    it('inspect: 401 {"error": …} for missing, malformed, tampered and expired tokens', async () => {
      const { access_token } = await codeFlow(server);
      const [head, payload, signature] = access_token.split('.');
      // Change the first signature character (the last ones may only carry padding bits, so
      // replacing them can leave the signature as it was).
      const flipped = signature!.startsWith('A') ? 'B' : 'A';
      const tampered = `${head}.${payload}.${flipped}${signature!.slice(1)}`;
      const missing = await send(`${server.baseUrl}/api/engine/v2/api_keys/inspect`);
      for (const res of [
        missing,
        await inspect(server, 'garbage'),
        await inspect(server, tampered),
      ]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ error: expect.any(String) });
      }
      server.expireAccessToken(access_token);
      const expired = await inspect(server, access_token);
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({ error: 'token expired' });
    });

    it('token info has the Doorkeeper shape', async () => {
      const before = Math.floor(Date.now() / 1000);
      const { access_token } = await codeFlow(server, { scope: 'public mqtt.read' });
      const res = await tokenInfo(server, access_token);
      expect(res.status).toBe(200);
      const body = res.body as Record<string, unknown>;
      expect(Object.keys(body)).toEqual([
        'resource_owner_id',
        'scope',
        'expires_in',
        'application',
        'created_at',
      ]);
      expect(body).toMatchObject({
        resource_owner_id: PLACEOS_USER.id,
        scope: ['public', 'mqtt.read'],
        application: { uid: PLACEOS_PUBLIC_CLIENT_ID },
      });
      expect(body['expires_in']).toBeGreaterThan(7190);
      expect(body['expires_in']).toBeLessThanOrEqual(7200);
      expect(body['created_at']).toBeGreaterThanOrEqual(before);

      const bad = await tokenInfo(server, 'garbage');
      expect(bad.status).toBe(401);
      expect(bad.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
      expect(bad.body).toMatchObject({ error: 'invalid_token' });
    });

    it('introspect needs client credentials and answers {active, scope, client_id, token_type, iat, exp}', async () => {
      const mine = await token(server, {
        grant_type: 'client_credentials',
        client_id: PLACEOS_CONFIDENTIAL_CLIENT_ID,
        client_secret: PLACEOS_CONFIDENTIAL_CLIENT_SECRET,
      });
      const accessToken = (mine.body as PlaceOsTokenResponse).access_token;
      const res = await introspect(server, accessToken, { authorization: confidentialBasic });
      expect(res.status).toBe(200);
      const body = res.body as Record<string, unknown>;
      expect(Object.keys(body)).toEqual([
        'active',
        'scope',
        'client_id',
        'token_type',
        'iat',
        'exp',
      ]);
      expect(body).toMatchObject({
        active: true,
        scope: 'public',
        client_id: PLACEOS_CONFIDENTIAL_CLIENT_ID,
        token_type: 'Bearer',
      });
      expect((body['exp'] as number) - (body['iat'] as number)).toBe(7200);

      const none = await introspect(server, accessToken);
      expect(none.status).toBe(400);
      expect(none.body).toMatchObject({ error: 'invalid_request' });
      const wrong = await introspect(server, accessToken, {
        authorization: basic(PLACEOS_CONFIDENTIAL_CLIENT_ID, 'wrong'),
      });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toMatch(/error="invalid_client"/);

      // Another application's token looks inactive; so does garbage.
      const { access_token: publicToken } = await codeFlow(server);
      expect(
        (await introspect(server, publicToken, { authorization: confidentialBasic })).body,
      ).toEqual({
        active: false,
      });
      expect(
        (await introspect(server, 'garbage', { authorization: confidentialBasic })).body,
      ).toEqual({
        active: false,
      });
    });

    it('a public client can only introspect with another bearer token of the same app, never itself', async () => {
      const a = await codeFlow(server);
      const b = await codeFlow(server);
      const other = await introspect(server, b.access_token, {
        authorization: `Bearer ${a.access_token}`,
      });
      expect(other.status).toBe(200);
      expect(other.body).toMatchObject({ active: true, client_id: PLACEOS_PUBLIC_CLIENT_ID });
      const itself = await introspect(server, a.access_token, {
        authorization: `Bearer ${a.access_token}`,
      });
      expect(itself.status).toBe(401);
      expect(itself.body).toMatchObject({ error: 'invalid_token' });
      const idOnly = await postForm(`${server.baseUrl}/auth/oauth/introspect`, {
        token: b.access_token,
        client_id: PLACEOS_PUBLIC_CLIENT_ID,
      });
      expect(idOnly.status).toBe(400);
    });
  });

  describe('revoke', () => {
    it('always answers 200', async () => {
      for (const value of ['unknown', '']) {
        const res = await postForm(`${server.baseUrl}/auth/oauth/revoke`, { token: value });
        expect(res.status).toBe(200);
      }
    });

    it('stops the refresh token, but the issued access token keeps working until it expires', async () => {
      const tokens = await codeFlow(server);
      const res = await postForm(`${server.baseUrl}/auth/oauth/revoke`, {
        token: tokens.refresh_token!,
        token_type_hint: 'refresh_token',
        client_id: PLACEOS_PUBLIC_CLIENT_ID,
      });
      expect(res.status).toBe(200);
      expect(res.text).toBe(older ? '{}' : '');

      const refreshed = await refresh(server, tokens.refresh_token!);
      expect(refreshed.status).toBe(400);
      expect(refreshed.body).toMatchObject({ error: 'invalid_grant' });

      expect((await inspect(server, tokens.access_token)).status).toBe(200);
      expect((await tokenInfo(server, tokens.access_token)).status).toBe(200);
      expect(server.tokens().find((t) => t.accessToken === tokens.access_token)?.revoked).toBe(
        true,
      );
    });

    it('revoking the access token kills its refresh token too', async () => {
      const tokens = await codeFlow(server);
      await postForm(`${server.baseUrl}/auth/oauth/revoke`, { token: tokens.access_token });
      expect((await refresh(server, tokens.refresh_token!)).status).toBe(400);
      expect((await inspect(server, tokens.access_token)).status).toBe(200);
    });

    it('introspection (record-based) does see the revocation', async () => {
      const issued = await token(server, {
        grant_type: 'client_credentials',
        client_id: PLACEOS_CONFIDENTIAL_CLIENT_ID,
        client_secret: PLACEOS_CONFIDENTIAL_CLIENT_SECRET,
      });
      const accessToken = (issued.body as PlaceOsTokenResponse).access_token;
      const auth = { authorization: confidentialBasic };
      expect((await introspect(server, accessToken, auth)).body).toMatchObject({ active: true });
      await postForm(`${server.baseUrl}/auth/oauth/revoke`, { token: accessToken }, auth);
      expect((await introspect(server, accessToken, auth)).body).toEqual({ active: false });
      expect((await inspect(server, accessToken)).status).toBe(200);
    });
  });

  it('has no discovery document by default, and 404s with an empty body elsewhere', async () => {
    const discovery = await send(`${server.baseUrl}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(404);
    const other = await send(`${server.baseUrl}/auth/oauth/nope`);
    expect(other.status).toBe(404);
    expect(other.text).toBe('');
  });
});

describe('variant-specific behaviour', () => {
  let older: PlaceOsServer;
  let newer: PlaceOsServer;
  beforeAll(async () => {
    [older, newer] = await Promise.all([
      startPlaceOsServer({ variant: 'older' }),
      startPlaceOsServer({ variant: 'newer' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([older.close(), newer.close()]);
  });

  async function codeWithVerifier(
    server: PlaceOsServer,
    withChallenge: boolean,
    verifier?: string,
  ) {
    const pair = pkce();
    const res = await authorize(server, { challenge: withChallenge ? pair.challenge : null });
    if (res.status !== 302) return res;
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    const fields: Record<string, string> = {
      grant_type: 'authorization_code',
      client_id: PLACEOS_PUBLIC_CLIENT_ID,
      code,
      redirect_uri: REDIRECT,
    };
    const sent = verifier ?? (withChallenge ? pair.verifier : undefined);
    if (sent !== undefined) fields['code_verifier'] = sent;
    return token(server, fields);
  }

  it('newer enforces PKCE: no challenge → 400, wrong or missing verifier → 401', async () => {
    const noChallenge = await codeWithVerifier(newer, false);
    expect(noChallenge.status).toBe(400);
    expect(noChallenge.body).toMatchObject({ error: 'invalid_request' });

    const wrong = await codeWithVerifier(
      newer,
      true,
      'a-different-verifier-bbbbbbbbbbbbbbbbbbbbbbbbbbb',
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'unauthorized_client' });
    expect(wrong.headers.get('www-authenticate')).toMatch(/error="unauthorized_client"/);

    const missing = await codeWithVerifier(newer, true, '');
    expect(missing.status).toBe(401);
    expect((await codeWithVerifier(newer, true)).status).toBe(200);
  });

  it('older ignores PKCE entirely', async () => {
    expect((await codeWithVerifier(older, false)).status).toBe(200);
    expect((await codeWithVerifier(older, true, 'wrong-verifier')).status).toBe(200);
  });

  it('older implicit flow: the token comes back in the fragment', async () => {
    const res = await authorize(older, { responseType: 'token', state: 'st ate' });
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${REDIRECT}#access_token=`)).toBe(true);
    expect(location).not.toContain('?');
    const fragment = new URLSearchParams(location.slice(location.indexOf('#') + 1));
    expect([...fragment.keys()]).toEqual(['access_token', 'token_type', 'expires_in', 'state']);
    expect(fragment.get('token_type')).toBe('bearer');
    expect(fragment.get('expires_in')).toBe('7200');
    expect(fragment.get('state')).toBe('st ate');
    expect((await inspect(older, fragment.get('access_token')!)).status).toBe(200);
    expect(older.stats().implicitGrants).toBe(1);
  });

  it('newer refuses the implicit flow unless told otherwise', async () => {
    const res = await authorize(newer, { responseType: 'token', state: 's' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.body).toMatchObject({ error: 'unsupported_response_type' });

    const permissive = await ownServer(startPlaceOsServer({ variant: 'newer', implicit: true }));
    const ok = await authorize(permissive, { responseType: 'token', state: 's' });
    const fragment = new URLSearchParams(new URL(ok.headers.get('location')!).hash.slice(1));
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('state')).toBe('s');
  });

  it('older answers an unsupported response type by redirecting with the error', async () => {
    const res = await authorize(older, { responseType: 'id_token', state: 's' });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe(
      'unsupported_response_type',
    );
  });
});

describe('options and controls', () => {
  it('accessTokenTtl and the server clock drive expiry everywhere', async () => {
    const server = await ownServer(startPlaceOsServer({ accessTokenTtl: 60 }));
    const tokens = await server.issueTokens({ email: PLACEOS_USER.email });
    expect(tokens.expires_in).toBe(60);
    expect((await inspect(server, tokens.access_token)).status).toBe(200);
    server.clock.advance(61_000);
    expect((await inspect(server, tokens.access_token)).status).toBe(401);
    expect((await tokenInfo(server, tokens.access_token)).status).toBe(401);
    // The refresh token outlives the access token.
    expect((await refresh(server, tokens.refresh_token!)).status).toBe(200);
  });

  it('discovery can be served or fail with a 500', async () => {
    const served = await ownServer(startPlaceOsServer({ discovery: 'serve' }));
    const res = await send(`${served.baseUrl}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issuer: served.baseUrl,
      authorization_endpoint: `${served.baseUrl}/auth/oauth/authorize`,
      token_endpoint: `${served.baseUrl}/auth/oauth/token`,
      revocation_endpoint: `${served.baseUrl}/auth/oauth/revoke`,
      introspection_endpoint: `${served.baseUrl}/auth/oauth/introspect`,
    });
    const failing = await ownServer(
      startPlaceOsServer({ variant: 'older', discovery: 'server-error' }),
    );
    const failed = await send(`${failing.baseUrl}/.well-known/openid-configuration`);
    expect(failed.status).toBe(500);
    expect(failed.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('sessionCookie signs a user in; tokens() and stats() expose server state', async () => {
    const server = await ownServer(startPlaceOsServer());
    const cookie = server.sessionCookie(PLACEOS_ADMIN.email);
    const res = await authorize(server, {
      challenge: pkce().challenge,
      account: null,
      headers: { cookie },
    });
    expect(res.status).toBe(302);
    expect(server.stats().authorizations).toBe(1);
    await server.issueTokens({ email: PLACEOS_USER.email, scope: 'public mqtt.read' });
    expect(server.tokens()).toEqual([
      expect.objectContaining({
        userId: PLACEOS_USER.id,
        clientId: PLACEOS_PUBLIC_CLIENT_ID,
        scope: ['public', 'mqtt.read'],
        revoked: false,
      }),
    ]);
    expect(server.liveRefreshTokens()).toHaveLength(1);
  });
});
