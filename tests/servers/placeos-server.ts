/**
 * Stand-in for a PlaceOS domain on 127.0.0.1: the OAuth2 server at `/auth/oauth/*` plus the
 * engine's token inspection route. Two variants (docs/providers.md, "PlaceOS"):
 * - `older`: the Rails/Doorkeeper service: password grant and implicit flow supported, PKCE
 *   ignored, `token_type: "bearer"`, `created_at` in token responses;
 * - `newer`: the Crystal service (auth.cr): password grant → `unsupported_grant_type`, implicit
 *   → `unsupported_response_type` (code flow only), PKCE S256 enforced, `token_type: "Bearer"`,
 *   no `created_at`.
 *
 * A user session is needed to authorize: sign in at `GET /auth/login` (form) or
 * `POST /auth/signin` (`email`, `password`, optional `continue`), which sets the `user` cookie;
 * or, headless, send `x-test-account: <email>` to the authorize endpoint (it signs that user in
 * and the request proceeds; `x-test-consent: deny` denies instead).
 */
import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, type JWK, type JWTPayload } from 'jose';
import {
  URLSAFE,
  basicCredentials,
  bearerToken,
  createClock,
  escapeHtml,
  header,
  html,
  json,
  randomToken,
  redirect,
  standInBasics,
  startStandInServer,
  type Clock,
  type FaultSpec,
  type Reply,
  type StandInBasics,
  type StandInRequest,
} from './http-helpers.ts';
import { registerSecret } from '../support/leak-detector.ts';

export type PlaceOsVariant = 'older' | 'newer';

export interface PlaceOsClient {
  /** Doorkeeper application uid (the OAuth `client_id`). */
  uid: string;
  secret?: string;
  /** Confidential clients must authenticate at the token endpoint; public ones may not. */
  confidential: boolean;
  redirectUris: string[];
  /** Space-separated scopes the application may be granted. */
  scopes: string;
  name?: string;
}

export interface PlaceOsUser {
  id: string;
  email: string;
  password: string;
  name: string;
  groups: string[];
  support?: boolean;
  sysAdmin?: boolean;
}

export const PLACEOS_PUBLIC_CLIENT_ID = '7976882af0c6e5d9b1a34c2e8f7d6a25';
export const PLACEOS_CONFIDENTIAL_CLIENT_ID = '5c1e9b7a3d2f4e6a8b0c1d2e3f4a5b6c';
export const PLACEOS_CONFIDENTIAL_CLIENT_SECRET = 'Xk2vQ9pL4mR7tW1yZ8bN3cF6gH0jS5dA_e-Uo2iP7rT';
registerSecret(PLACEOS_CONFIDENTIAL_CLIENT_SECRET, 'client secret');
export const PLACEOS_SESSION_COOKIE = 'user';
export const TEST_ACCOUNT_HEADER = 'x-test-account';
export const TEST_CONSENT_HEADER = 'x-test-consent';
const CUSTOM_SCHEME_REDIRECT = 'io.github.tokendesk:/oauth/callback';

export const PLACEOS_CLIENTS: PlaceOsClient[] = [
  {
    uid: PLACEOS_PUBLIC_CLIENT_ID,
    confidential: false,
    redirectUris: ['http://127.0.0.1/callback', CUSTOM_SCHEME_REDIRECT],
    scopes: 'public mqtt.read',
    name: 'Token Desk',
  },
  {
    uid: PLACEOS_CONFIDENTIAL_CLIENT_ID,
    secret: PLACEOS_CONFIDENTIAL_CLIENT_SECRET,
    confidential: true,
    redirectUris: ['http://127.0.0.1/callback', CUSTOM_SCHEME_REDIRECT],
    scopes: 'public mqtt.read',
    name: 'Token Desk (confidential)',
  },
];

export const PLACEOS_USER: PlaceOsUser = {
  id: 'user-alice01',
  email: 'alice@example.test',
  password: 'alice-placeos-password',
  name: 'Alice Example',
  groups: ['staff'],
};

export const PLACEOS_ADMIN: PlaceOsUser = {
  id: 'user-admin01',
  email: 'admin@example.test',
  password: 'admin-placeos-password',
  name: 'Admin Example',
  groups: ['admins', 'staff'],
  support: true,
  sysAdmin: true,
};

export interface PlaceOsServerOptions {
  port?: number;
  /** Default `newer`. */
  variant?: PlaceOsVariant;
  clients?: PlaceOsClient[];
  users?: PlaceOsUser[];
  /** Access token lifetime in seconds (default 7200: two hours, not the docs' 14 days). */
  accessTokenTtl?: number;
  /** The `aud` claim (the authority's domain); default `127.0.0.1`. */
  domain?: string;
  /** `response_type=token`; default true on `older`, false on `newer` (auth.cr dropped it). */
  implicit?: boolean;
  /** `/.well-known/openid-configuration`: `not-found` (default), `server-error` or `serve`. */
  discovery?: 'not-found' | 'server-error' | 'serve';
  /** Loopback IP redirects match on any port (RFC 8252 §7.3); default true. */
  loopbackAnyPort?: boolean;
  faults?: FaultSpec[];
}

export interface PlaceOsTokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  created_at?: number;
}

/** Server-side view of an issued access token (and its refresh token). */
export interface PlaceOsTokenRecord {
  jti: string;
  accessToken: string;
  refreshToken: string | undefined;
  clientId: string;
  userId: string | undefined;
  scope: string[];
  grant: 'authorization_code' | 'password' | 'refresh_token' | 'client_credentials' | 'implicit';
  /** Epoch seconds. */
  issuedAt: number;
  expiresAt: number;
  /** Revoked at `/revoke` or replaced by a refresh: introspection says inactive, refresh fails. */
  revoked: boolean;
  refreshUsed: boolean;
}

export interface PlaceOsStats {
  authorizations: number;
  implicitGrants: number;
  denials: number;
  tokens: Record<string, number>;
  refreshes: number;
  refreshFailures: number;
  revocations: number;
  introspections: number;
  tokenInfos: number;
  inspects: number;
}

export interface PlaceOsServer extends StandInBasics {
  variant: PlaceOsVariant;
  clock: Clock;
  /** The RS256 verification key of the access-token JWTs. */
  publicJwk: JWK;
  authorizeUrl: string;
  tokenUrl: string;
  /** Mints tokens for a user as a successful code exchange would. */
  issueTokens(params: {
    email: string;
    clientId?: string;
    scope?: string;
  }): Promise<PlaceOsTokenResponse>;
  /** A `Cookie` header value carrying a signed-in session for the user. */
  sessionCookie(email: string): string;
  /** Same effect as `POST /auth/oauth/revoke` with this (access or refresh) token. */
  revokeToken(token: string): void;
  /** Makes an access token expired everywhere, including the stateless inspect route. */
  expireAccessToken(accessToken: string): void;
  tokens(): PlaceOsTokenRecord[];
  /** Refresh tokens that would still be accepted. */
  liveRefreshTokens(): string[];
  stats(): PlaceOsStats;
}

interface AuthorizationCode {
  code: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  scope: string[];
  challenge: string | undefined;
  expiresAt: number;
}

type OAuthFailure = { status: 400 | 401; error: string; description: string };

/** Doorkeeper's error descriptions (en.yml), reused by both variants. */
const DESCRIPTIONS: Record<string, string> = {
  invalid_request:
    'The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.',
  invalid_client:
    'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  invalid_grant:
    'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  unsupported_grant_type:
    'The authorization grant type is not supported by the authorization server.',
  invalid_scope: 'The requested scope is invalid, unknown, or malformed.',
  unauthorized_client: 'The client is not authorized to perform this request using this method.',
  unsupported_response_type: 'The authorization server does not support this response type.',
  invalid_redirect_uri:
    "The requested redirect uri is malformed or doesn't match client redirect URI.",
  access_denied: 'The resource owner or authorization server denied the request.',
  invalid_token: 'The access token is invalid',
};

const CODE_TTL_SECONDS = 600;

export async function startPlaceOsServer(
  options: PlaceOsServerOptions = {},
): Promise<PlaceOsServer> {
  const variant = options.variant ?? 'newer';
  const older = variant === 'older';
  const ttl = options.accessTokenTtl ?? 7200;
  const implicitEnabled = options.implicit ?? older;
  const loopbackAnyPort = options.loopbackAnyPort ?? true;
  const clock = createClock();
  const nowSeconds = () => Math.floor(clock.now() / 1000);

  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'placeos-stand-in';
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };

  const clients = new Map((options.clients ?? PLACEOS_CLIENTS).map((c) => [c.uid, { ...c }]));
  const users = [...(options.users ?? [PLACEOS_USER, PLACEOS_ADMIN])];
  const sessions = new Map<string, string>(); // session id -> user id
  const codes = new Map<string, AuthorizationCode>();
  const records = new Map<string, PlaceOsTokenRecord>(); // jti -> record
  const stats: PlaceOsStats = {
    authorizations: 0,
    implicitGrants: 0,
    denials: 0,
    tokens: {},
    refreshes: 0,
    refreshFailures: 0,
    revocations: 0,
    introspections: 0,
    tokenInfos: 0,
    inspects: 0,
  };

  const findUser = (email: string) =>
    users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase());

  // --- errors ----------------------------------------------------------------------------

  const failure = (status: 400 | 401, error: string, description?: string): OAuthFailure => ({
    status,
    error,
    description: description ?? DESCRIPTIONS[error] ?? error,
  });

  /** `{error, error_description}`; 401s carry the Doorkeeper-style `WWW-Authenticate` challenge. */
  function oauthError(f: OAuthFailure): Reply {
    const headers: Record<string, string> = {
      'cache-control': 'no-store, no-cache',
      pragma: 'no-cache',
    };
    if (f.status === 401) {
      headers['www-authenticate'] = older
        ? `Bearer realm="Doorkeeper", error="${f.error}", error_description="${f.description}"`
        : `Bearer realm="Doorkeeper", error="${f.error}"`;
    }
    return json(f.status, { error: f.error, error_description: f.description }, headers);
  }

  // --- tokens ----------------------------------------------------------------------------

  async function issue(params: {
    client: PlaceOsClient;
    user: PlaceOsUser | undefined;
    scope: string[];
    grant: PlaceOsTokenRecord['grant'];
    withRefresh: boolean;
  }): Promise<PlaceOsTokenRecord> {
    const iat = nowSeconds();
    const exp = iat + ttl;
    const jti = randomUUID();
    const claims: JWTPayload = { scope: params.scope };
    if (params.user) {
      // `u: {n, e, p, r}`: name, email, permission bits (1 support, 2 sys_admin), groups.
      const p = (params.user.support ? 1 : 0) | (params.user.sysAdmin ? 2 : 0);
      claims['u'] = {
        n: params.user.name,
        e: params.user.email.toLowerCase(),
        p,
        r: [...params.user.groups],
      };
    }
    const accessToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
      .setIssuer('POS')
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setAudience(options.domain ?? '127.0.0.1')
      .setSubject(params.user?.id ?? params.client.uid)
      .setJti(jti)
      .sign(privateKey);
    const record: PlaceOsTokenRecord = {
      jti,
      accessToken,
      refreshToken: params.withRefresh ? randomToken(43, URLSAFE) : undefined,
      clientId: params.client.uid,
      userId: params.user?.id,
      scope: [...params.scope],
      grant: params.grant,
      issuedAt: iat,
      expiresAt: exp,
      revoked: false,
      refreshUsed: false,
    };
    // Secrets the app must never show (leak-detector.ts).
    registerSecret(accessToken, 'access token');
    registerSecret(record.refreshToken, 'refresh token');
    records.set(jti, record);
    stats.tokens[params.grant] = (stats.tokens[params.grant] ?? 0) + 1;
    return record;
  }

  /** Blank fields are omitted; `created_at` and lower-case `bearer` only on the older service. */
  function tokenResponse(record: PlaceOsTokenRecord): PlaceOsTokenResponse {
    const body: PlaceOsTokenResponse = {
      access_token: record.accessToken,
      token_type: older ? 'bearer' : 'Bearer',
      expires_in: ttl,
    };
    if (record.refreshToken) body.refresh_token = record.refreshToken;
    if (record.scope.length) body.scope = record.scope.join(' ');
    if (older) body.created_at = record.issuedAt;
    return body;
  }

  const tokenReply = (record: PlaceOsTokenRecord) =>
    json(200, tokenResponse(record), { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' });

  /**
   * Signature and expiry only, like the engine's stateless JWT check: revocation is not seen
   * (docs/providers.md: a revoked access token keeps working until it expires).
   */
  async function verifyAccessToken(
    token: string,
  ): Promise<{ payload: JWTPayload; record: PlaceOsTokenRecord | undefined } | { error: string }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, publicKey, {
        algorithms: ['RS256'],
        issuer: 'POS',
        currentDate: new Date(clock.now()),
      }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { error: code === 'ERR_JWT_EXPIRED' ? 'token expired' : 'invalid token' };
    }
    const record = typeof payload.jti === 'string' ? records.get(payload.jti) : undefined;
    // `expireAccessToken()` is a test control; it applies here too.
    if (record && record.expiresAt <= nowSeconds()) return { error: 'token expired' };
    return { payload, record };
  }

  function scopeFor(client: PlaceOsClient, requested: string | undefined): string[] | undefined {
    const scope = (requested ?? '').split(' ').filter(Boolean);
    const wanted = scope.length ? scope : ['public'];
    const allowed = client.scopes.split(' ').filter(Boolean);
    return wanted.every((s) => allowed.includes(s)) ? wanted : undefined;
  }

  function redirectRegistered(client: PlaceOsClient, redirectUri: string): boolean {
    if (client.redirectUris.includes(redirectUri)) return true;
    if (!loopbackAnyPort) return false;
    let uri: URL;
    try {
      uri = new URL(redirectUri);
    } catch {
      return false;
    }
    if (uri.protocol !== 'http:' || !['127.0.0.1', '[::1]'].includes(uri.hostname)) return false;
    uri.port = '';
    return client.redirectUris.includes(uri.href);
  }

  /** Params from the query and the body (Rails merges both; the docs' example posts a query). */
  function params(request: StandInRequest): Record<string, string> {
    const merged: Record<string, string> = Object.fromEntries(request.query);
    for (const [k, v] of Object.entries(request.body.fields)) {
      if (typeof v === 'string') merged[k] = v;
      else if (typeof v === 'number') merged[k] = String(v);
    }
    return merged;
  }

  // --- sessions and authorize ------------------------------------------------------------

  function startSession(user: PlaceOsUser): string {
    const sid = randomToken(32, URLSAFE);
    sessions.set(sid, user.id);
    return `${PLACEOS_SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax`;
  }

  function sessionUser(request: StandInRequest): PlaceOsUser | undefined {
    const sid = request.cookies[PLACEOS_SESSION_COOKIE];
    const id = sid ? sessions.get(sid) : undefined;
    return id === undefined ? undefined : users.find((u) => u.id === id);
  }

  function loginPage(status: number, continueTo: string, error?: string): Reply {
    return html(
      status,
      page(
        'Sign in',
        `<form method="post" action="/auth/signin">` +
          `<input type="hidden" name="continue" value="${escapeHtml(continueTo)}">` +
          '<label>Email <input name="email" type="email" autocomplete="username"></label>' +
          '<label>Password <input name="password" type="password"></label>' +
          (error ? `<p class="error">${escapeHtml(error)}</p>` : '') +
          '<button type="submit">Sign in</button></form>',
      ),
    );
  }

  /** Only same-site paths: never an open redirect. */
  const safeContinue = (value: string | undefined) =>
    value && value.startsWith('/') && !value.startsWith('//') ? value : '/';

  function signIn(request: StandInRequest): Reply {
    const p = params(request);
    const user = findUser(p['email'] ?? '');
    const continueTo = safeContinue(p['continue']);
    if (!user || user.password !== p['password']) {
      return loginPage(401, continueTo, 'Invalid email or password');
    }
    return redirect(302, continueTo, { 'set-cookie': startSession(user) });
  }

  function appendQuery(uri: string, query: Record<string, string | undefined>): string {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) search.set(k, v);
    return `${uri}${uri.includes('?') ? '&' : '?'}${search.toString()}`;
  }

  /** A non-redirectable authorize error: JSON on the newer service, an HTML page on the older. */
  function authorizeError(f: OAuthFailure): Reply {
    if (!older) return oauthError(f);
    return html(
      f.status,
      page('Error', `<h1>${escapeHtml(f.error)}</h1><p>${escapeHtml(f.description)}</p>`),
    );
  }

  async function authorize(request: StandInRequest): Promise<Reply> {
    const p = params(request);
    const headers: Record<string, string> = {};
    let user = sessionUser(request);
    const testAccount = header(request, TEST_ACCOUNT_HEADER);
    if (testAccount !== undefined) {
      user = findUser(testAccount);
      if (!user) return loginPage(401, '/', 'Invalid email or password');
      headers['set-cookie'] = startSession(user);
    }
    if (!user) {
      const continueTo = `${request.path}${request.url.search}`;
      return redirect(older ? 302 : 303, `/auth/login?continue=${encodeURIComponent(continueTo)}`);
    }

    const client = clients.get(p['client_id'] ?? '');
    if (!client) return authorizeError(failure(401, 'invalid_client'));
    const redirectUri = p['redirect_uri'] ?? '';
    if (!redirectRegistered(client, redirectUri)) {
      return authorizeError(failure(400, 'invalid_redirect_uri'));
    }
    const state = p['state'] || undefined;
    if (header(request, TEST_CONSENT_HEADER) === 'deny') return deny(redirectUri, state);

    // Redirectable errors: Doorkeeper sends them back to the client; auth.cr answers JSON 400.
    const redirectError = (error: string, description?: string): Reply =>
      older
        ? redirect(
            302,
            appendQuery(redirectUri, {
              error,
              error_description: description ?? DESCRIPTIONS[error],
              state,
            }),
            headers,
          )
        : oauthError(failure(400, error, description));

    const responseType = p['response_type'];
    const scope = scopeFor(client, p['scope']);
    if (responseType === 'token' && implicitEnabled) {
      if (!scope) return redirectError('invalid_scope');
      const record = await issue({ client, user, scope, grant: 'implicit', withRefresh: false });
      stats.implicitGrants++;
      // The token comes back in the fragment.
      const fragment = new URLSearchParams({
        access_token: record.accessToken,
        token_type: older ? 'bearer' : 'Bearer',
        expires_in: String(ttl),
      });
      if (state) fragment.set('state', state);
      return redirect(302, `${redirectUri}#${fragment.toString()}`, headers);
    }
    if (responseType !== 'code') {
      return redirectError(
        'unsupported_response_type',
        older ? undefined : `response_type=${responseType ?? ''}`,
      );
    }
    if (!scope) return redirectError('invalid_scope');

    let challenge: string | undefined;
    if (!older) {
      // auth.cr checks PKCE (S256); Doorkeeper's schema had no PKCE columns and ignores it.
      challenge = p['code_challenge'];
      if (!challenge)
        return oauthError(failure(400, 'invalid_request', 'code_challenge is required'));
      if ((p['code_challenge_method'] ?? '').toUpperCase() !== 'S256') {
        return oauthError(failure(400, 'invalid_request', 'code_challenge_method must be S256'));
      }
    }
    const code: AuthorizationCode = {
      code: randomToken(43, URLSAFE),
      clientId: client.uid,
      userId: user.id,
      redirectUri,
      scope,
      challenge,
      expiresAt: nowSeconds() + CODE_TTL_SECONDS,
    };
    codes.set(code.code, code);
    stats.authorizations++;
    return redirect(302, appendQuery(redirectUri, { code: code.code, state }), headers);
  }

  function deny(redirectUri: string, state: string | undefined): Reply {
    stats.denials++;
    return redirect(
      302,
      appendQuery(redirectUri, {
        error: 'access_denied',
        error_description: DESCRIPTIONS['access_denied'],
        state,
      }),
    );
  }

  function denyRoute(request: StandInRequest): Reply {
    const p = params(request);
    if (!sessionUser(request) && header(request, TEST_ACCOUNT_HEADER) === undefined) {
      return redirect(older ? 302 : 303, '/auth/login');
    }
    const client = clients.get(p['client_id'] ?? '');
    const redirectUri = p['redirect_uri'] ?? '';
    if (!client || !redirectRegistered(client, redirectUri)) {
      return oauthError(
        failure(400, 'invalid_request', 'redirect_uri is not registered for this client'),
      );
    }
    return deny(redirectUri, p['state'] || undefined);
  }

  // --- token endpoint --------------------------------------------------------------------

  function authenticateClient(
    request: StandInRequest,
    p: Record<string, string>,
  ): PlaceOsClient | OAuthFailure {
    const basic = basicCredentials(request);
    const uid = basic?.username ?? p['client_id'];
    const secret = basic ? basic.password || undefined : p['client_secret'] || undefined;
    const client = uid ? clients.get(uid) : undefined;
    if (!client) return failure(401, 'invalid_client');
    if (secret !== undefined && secret !== client.secret) return failure(401, 'invalid_client');
    if (client.confidential && secret === undefined) return failure(401, 'invalid_client');
    return client;
  }

  async function token(request: StandInRequest): Promise<Reply> {
    const p = params(request);
    const grantType = p['grant_type'];
    if (!grantType) {
      return oauthError(failure(400, 'invalid_request', 'Missing required parameter: grant_type.'));
    }
    if (grantType === 'password' && !older) {
      return oauthError(
        failure(400, 'unsupported_grant_type', 'the password grant has been disabled'),
      );
    }
    const client = authenticateClient(request, p);
    if ('error' in client) return oauthError(client);

    switch (grantType) {
      case 'password': {
        const user = findUser(p['username'] ?? '');
        if (!user || user.password !== p['password'])
          return oauthError(failure(400, 'invalid_grant'));
        const scope = scopeFor(client, p['scope']);
        if (!scope) return oauthError(failure(400, 'invalid_scope'));
        return tokenReply(
          await issue({ client, user, scope, grant: 'password', withRefresh: true }),
        );
      }
      case 'authorization_code': {
        const codeValue = p['code'];
        if (!codeValue)
          return oauthError(failure(400, 'invalid_request', 'Missing required parameter: code.'));
        if (!older && !p['redirect_uri']) {
          return oauthError(failure(400, 'invalid_request', 'missing redirect_uri'));
        }
        const code = codes.get(codeValue);
        if (
          !code ||
          code.clientId !== client.uid ||
          code.expiresAt <= nowSeconds() ||
          (p['redirect_uri'] !== undefined && p['redirect_uri'] !== code.redirectUri)
        ) {
          return oauthError(failure(400, 'invalid_grant'));
        }
        if (code.challenge !== undefined) {
          const verifier = p['code_verifier'] ?? '';
          const computed = createHash('sha256').update(verifier).digest('base64url');
          const expected = code.challenge
            .replace(/=+$/, '')
            .replace(/\+/g, '-')
            .replace(/\//g, '_');
          // authly rejects a wrong or missing verifier as an unauthorized client (HTTP 401).
          if (!verifier || computed !== expected)
            return oauthError(failure(401, 'unauthorized_client'));
        }
        codes.delete(code.code); // single use
        const user = users.find((u) => u.id === code.userId);
        return tokenReply(
          await issue({
            client,
            user,
            scope: code.scope,
            grant: 'authorization_code',
            withRefresh: true,
          }),
        );
      }
      case 'refresh_token': {
        const refreshToken = p['refresh_token'];
        if (!refreshToken) {
          return oauthError(
            failure(400, 'invalid_request', 'Missing required parameter: refresh_token.'),
          );
        }
        const previous = [...records.values()].find((r) => r.refreshToken === refreshToken);
        if (
          !previous ||
          previous.revoked ||
          previous.refreshUsed ||
          previous.clientId !== client.uid
        ) {
          stats.refreshFailures++;
          return oauthError(failure(400, 'invalid_grant'));
        }
        // Rotation: the used refresh token dies with its record (introspection: inactive),
        // but the old access JWT still passes stateless checks until it expires.
        previous.refreshUsed = true;
        previous.revoked = true;
        stats.refreshes++;
        const user = users.find((u) => u.id === previous.userId);
        return tokenReply(
          await issue({
            client,
            user,
            scope: previous.scope,
            grant: 'refresh_token',
            withRefresh: true,
          }),
        );
      }
      case 'client_credentials': {
        if (!client.confidential) return oauthError(failure(401, 'invalid_client'));
        const scope = scopeFor(client, p['scope']);
        if (!scope) return oauthError(failure(400, 'invalid_scope'));
        return tokenReply(
          await issue({
            client,
            user: undefined,
            scope,
            grant: 'client_credentials',
            withRefresh: false,
          }),
        );
      }
      default:
        return oauthError(
          failure(400, 'unsupported_grant_type', older ? undefined : `grant_type=${grantType}`),
        );
    }
  }

  // --- revoke, introspect, token info, inspect -------------------------------------------

  function findRecord(tokenValue: string): PlaceOsTokenRecord | undefined {
    for (const record of records.values()) {
      if (record.accessToken === tokenValue || record.refreshToken === tokenValue) return record;
    }
    return undefined;
  }

  function revoke(tokenValue: string | undefined): void {
    const record = tokenValue ? findRecord(tokenValue) : undefined;
    if (record && !record.revoked) {
      record.revoked = true;
      stats.revocations++;
    }
  }

  function revokeRoute(request: StandInRequest): Reply {
    revoke(params(request)['token']);
    // Always 200, known token or not (RFC 7009); Doorkeeper rendered `{}`, auth.cr nothing.
    return older ? json(200, {}) : { status: 200 };
  }

  /** Record-based lookup for introspection: unknown, revoked or expired → none. */
  async function activeRecord(tokenValue: string): Promise<PlaceOsTokenRecord | undefined> {
    const verified = await verifyAccessToken(tokenValue);
    if ('error' in verified || !verified.record || verified.record.revoked) return undefined;
    return verified.record;
  }

  async function introspect(request: StandInRequest): Promise<Reply> {
    stats.introspections++;
    const p = params(request);
    const basic = basicCredentials(request);
    const clientId = basic?.username ?? p['client_id'];
    const clientSecret = basic?.password ?? p['client_secret'];
    let callerClient: string;
    let callerJti: string | undefined;
    if (clientId && clientSecret) {
      const client = clients.get(clientId);
      if (!client || client.secret !== clientSecret)
        return oauthError(failure(401, 'invalid_client'));
      callerClient = client.uid;
    } else {
      const bearer = bearerToken(request);
      if (!bearer) {
        return oauthError(
          failure(
            400,
            'invalid_request',
            'Request needs to be authorized. Required parameter for authorizing the request is missing or invalid.',
          ),
        );
      }
      const caller = await activeRecord(bearer);
      if (!caller) return oauthError(failure(401, 'invalid_token'));
      callerClient = caller.clientId;
      callerJti = caller.jti;
    }
    const record = p['token'] ? await activeRecord(p['token']) : undefined;
    if (!record) return json(200, { active: false });
    if (callerJti !== undefined && (callerJti === record.jti || record.clientId !== callerClient)) {
      return oauthError(failure(401, 'invalid_token'));
    }
    if (record.clientId !== callerClient) return json(200, { active: false });
    return json(200, {
      active: true,
      ...(record.scope.length ? { scope: record.scope.join(' ') } : {}),
      client_id: record.clientId,
      token_type: 'Bearer',
      iat: record.issuedAt,
      exp: record.expiresAt,
    });
  }

  /** Header, `?bearer_token=` or the `bearer_token` cookie, in that order. */
  const presentedToken = (request: StandInRequest) =>
    bearerToken(request) ??
    (request.query.get('bearer_token') || request.cookies['bearer_token'] || undefined);

  async function tokenInfo(request: StandInRequest): Promise<Reply> {
    stats.tokenInfos++;
    const presented = presentedToken(request);
    const verified = presented ? await verifyAccessToken(presented) : undefined;
    // Revocation is not checked here either (the quirk docs/providers.md describes).
    if (!verified || 'error' in verified || !verified.record) {
      return oauthError(failure(401, 'invalid_token'));
    }
    const record = verified.record;
    return json(200, {
      resource_owner_id: record.userId ?? (older ? null : ''),
      scope: [...record.scope],
      expires_in: Math.max(0, record.expiresAt - nowSeconds()),
      application: { uid: record.clientId },
      created_at: record.issuedAt,
    });
  }

  async function inspect(request: StandInRequest): Promise<Reply> {
    stats.inspects++;
    const presented = presentedToken(request);
    if (!presented) return json(401, { error: 'missing token' });
    const verified = await verifyAccessToken(presented);
    if ('error' in verified) return json(401, { error: verified.error });
    return json(200, verified.payload);
  }

  function discovery(): Reply {
    const mode = options.discovery ?? 'not-found';
    if (mode === 'not-found') return { status: 404 };
    if (mode === 'server-error') {
      return html(500, page('Error', "<h1>We're sorry, but something went wrong.</h1>"));
    }
    const base = server.baseUrl;
    return json(200, {
      issuer: base,
      authorization_endpoint: `${base}/auth/oauth/authorize`,
      token_endpoint: `${base}/auth/oauth/token`,
      userinfo_endpoint: `${base}/auth/oauth/userinfo`,
      revocation_endpoint: `${base}/auth/oauth/revoke`,
      introspection_endpoint: `${base}/auth/oauth/introspect`,
      jwks_uri: `${base}/auth/oauth/discovery/keys`,
      scopes_supported: ['openid', 'profile', 'email', 'offline_access', 'public'],
      response_types_supported: implicitEnabled ? ['code', 'token'] : ['code'],
      grant_types_supported: older
        ? ['authorization_code', 'client_credentials', 'refresh_token', 'password', 'implicit']
        : ['authorization_code', 'client_credentials', 'refresh_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'none'],
      code_challenge_methods_supported: ['S256'],
    });
  }

  // --- dispatch --------------------------------------------------------------------------

  async function handle(request: StandInRequest): Promise<Reply> {
    const { method, path } = request;
    if (path === '/auth/oauth/authorize') {
      if (method === 'GET' || method === 'POST') return authorize(request);
      if (method === 'DELETE') return denyRoute(request);
    }
    if (method === 'GET' && path === '/auth/login') {
      return loginPage(200, safeContinue(request.query.get('continue') ?? undefined));
    }
    if (method === 'POST' && path === '/auth/signin') return signIn(request);
    if (method === 'POST' && path === '/auth/oauth/token') return token(request);
    if (method === 'POST' && path === '/auth/oauth/revoke') return revokeRoute(request);
    if (method === 'POST' && path === '/auth/oauth/introspect') return introspect(request);
    if (method === 'GET' && path === '/auth/oauth/token/info') return tokenInfo(request);
    if (method === 'GET' && path === '/api/engine/v2/api_keys/inspect') return inspect(request);
    if (method === 'GET' && path === '/.well-known/openid-configuration') return discovery();
    if (method === 'GET' && path === '/auth/oauth/discovery/keys')
      return json(200, { keys: [publicJwk] });
    return { status: 404 }; // catch-all: empty 404
  }

  const server = await startStandInServer({
    port: options.port,
    faults: options.faults,
    handle,
    accountOf: (request) => {
      const value = bearerToken(request) ?? request.body.fields['refresh_token'];
      const record = typeof value === 'string' ? findRecord(value) : undefined;
      if (!record) return undefined;
      return record.userId ? `user:${record.userId}` : `client:${record.clientId}`;
    },
    serverError: () => json(500, { error: 'Internal Server Error' }),
    defaultFaultField: (path) =>
      path === '/api/engine/v2/api_keys/inspect'
        ? 'sub'
        : path === '/auth/oauth/token/info'
          ? 'resource_owner_id'
          : path === '/auth/oauth/introspect'
            ? 'active'
            : 'access_token',
  });

  const publicRecord = (r: PlaceOsTokenRecord): PlaceOsTokenRecord => ({
    ...r,
    scope: [...r.scope],
  });

  return {
    ...standInBasics(server),
    variant,
    clock,
    publicJwk,
    authorizeUrl: `${server.baseUrl}/auth/oauth/authorize`,
    tokenUrl: `${server.baseUrl}/auth/oauth/token`,
    async issueTokens({ email, clientId = PLACEOS_PUBLIC_CLIENT_ID, scope }) {
      const client = clients.get(clientId);
      const user = findUser(email);
      if (!client || !user) throw new Error('unknown PlaceOS client or user');
      const granted = scopeFor(client, scope);
      if (!granted) throw new Error(`scope not allowed: ${scope}`);
      return tokenResponse(
        await issue({
          client,
          user,
          scope: granted,
          grant: 'authorization_code',
          withRefresh: true,
        }),
      );
    },
    sessionCookie(email) {
      const user = findUser(email);
      if (!user) throw new Error(`no PlaceOS user ${email}`);
      return startSession(user).split(';')[0]!;
    },
    revokeToken: (tokenValue) => revoke(tokenValue),
    expireAccessToken(accessToken) {
      const record = findRecord(accessToken);
      if (!record) throw new Error('unknown PlaceOS access token');
      record.expiresAt = nowSeconds() - 1;
    },
    tokens: () => [...records.values()].map(publicRecord),
    liveRefreshTokens: () =>
      [...records.values()]
        .filter((r) => r.refreshToken && !r.revoked && !r.refreshUsed)
        .map((r) => r.refreshToken!),
    stats: () => ({ ...stats, tokens: { ...stats.tokens } }),
  };
}

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<title>PlaceOS - ${escapeHtml(title)}</title></head><body>${body}</body></html>`
  );
}
