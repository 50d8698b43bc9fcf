/**
 * The standard identity provider for tests and the demo: the certified `oidc-provider` on
 * 127.0.0.1, configured like a typical real IdP for a native app (public client, PKCE
 * required, refresh-token rotation, revocation, introspection, userinfo, device flow,
 * client credentials) plus a confidential client.
 *
 * Headless login: a request to the interaction page that carries `x-test-account` is
 * finished right away as that account with every requested scope granted. Without the header
 * the provider's own login and consent pages are shown (used by the demo and Playwright).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { RequestLedger } from './request-budget.ts';
import Provider, {
  errors,
  type ClientMetadata,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { registerSecret, registerTokenResponse } from '../support/leak-detector.ts';

export const NATIVE_CLIENT_ID = 'token-desk-native';
export const CONFIDENTIAL_CLIENT_ID = 'token-desk-confidential';
export const CONFIDENTIAL_CLIENT_SECRET = 'confidential-secret-for-tests-only-0123456789';
registerSecret(CONFIDENTIAL_CLIENT_SECRET, 'client secret');
/** A confidential client that authenticates with client_secret_post. */
export const POST_CLIENT_ID = 'token-desk-post';
export const POST_CLIENT_SECRET = 'post-secret-for-tests-only-9876543210';
registerSecret(POST_CLIENT_SECRET, 'client secret');
export const CUSTOM_SCHEME_REDIRECT = 'io.github.tokendesk:/oauth/callback';
export const TEST_ACCOUNT_HEADER = 'x-test-account';
/** Users of the test password grant sign in with `<username>-password`. */
export const testPassword = (username: string): string => `${username}-password`;

export interface IdpOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Access token lifetime in seconds (default 3600). */
  accessTokenTtl?: number;
  /** Show the provider's own login and consent pages (demo, browser tests). */
  devInteractions?: boolean;
  /** More public native clients registered like {@link NATIVE_CLIENT_ID} (the demo's client). */
  extraNativeClientIds?: string[];
  /** Device flow polling interval in seconds (oidc-provider answers 5). */
  devicePollInterval?: number;
  /** Device code lifetime in seconds (default 600). */
  deviceCodeTtl?: number;
  /**
   * The `expires_in` announced for device codes, when it should differ from the lifetime the
   * server keeps them: the client must stop polling at the announced deadline (RFC 8628 §3.2)
   * even while the server still answers `authorization_pending`.
   */
  advertisedDeviceCodeTtl?: number;
  /** Where the IdP keeps grants; the default in-memory store holds only about 1,000 entries. */
  adapter?: Configuration['adapter'];
  /**
   * End the session this many seconds after start and announce the time left as
   * `refresh_expires_in` with every refresh token, as Keycloak does for its SSO Session Max;
   * also settable at run time with `announceRefreshExpiresIn`.
   */
  refreshExpiresIn?: number;
}

export interface TestIdp {
  issuer: string;
  provider: Provider;
  /**
   * Spoils the ID token of the next `times` token responses: `tampered` changes a claim and
   * keeps the signature; `foreign-key` signs it with a key this IdP does not publish.
   */
  spoilNextIdToken(kind: 'tampered' | 'foreign-key', times?: number): void;
  /**
   * Rotates the signing key: from now on ID tokens are signed with a new key (new `kid`),
   * published at the JWKS endpoint next to the old one.
   */
  rotateSigningKey(): Promise<void>;
  /**
   * Ends the session `seconds` from now: each refresh token comes with `refresh_expires_in`,
   * the seconds left until then (undefined: stop announcing).
   */
  announceRefreshExpiresIn(seconds: number | undefined): void;
  /** Answers the next device-code token request with `slow_down` (RFC 8628 §3.5). */
  slowDownNextPoll(): void;
  /** Parameters of every token request received, in order (for asserting extra parameters). */
  tokenRequests: Record<string, string>[];
  /** Every request, keyed by the user (or client) it acts for: the request budget. */
  ledger: RequestLedger;
  /** While on, token requests are received but never answered (the IdP timing out). */
  hangTokenEndpoint(on: boolean): void;
  close(): Promise<void>;
}

function claimsFor(sub: string): Record<string, unknown> {
  const name = sub.charAt(0).toUpperCase() + sub.slice(1);
  return {
    sub,
    name,
    preferred_username: sub,
    email: `${sub}@example.test`,
    email_verified: true,
    updated_at: 1_700_000_000,
  };
}

/** Finishes a pending interaction as `accountId`, granting everything that was asked for. */
export async function finishInteraction(
  provider: Provider,
  ctx: KoaContextWithOIDC,
  accountId: string,
): Promise<void> {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { prompt, params } = details;
  if (prompt.name === 'login') {
    const to = await provider.interactionResult(ctx.req, ctx.res, { login: { accountId } });
    ctx.redirect(to);
    return;
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({
        accountId: details.session?.accountId ?? accountId,
        clientId: String(params['client_id']),
      });
  if (!grant) throw new Error('grant not found');
  const missing = prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  const to = await provider.interactionResult(ctx.req, ctx.res, { consent: { grantId } });
  ctx.redirect(to);
}

/**
 * The resource owner password grant, which oidc-provider does not ship (it is discouraged);
 * registered here so the app's password sign-in can be tested against a real server.
 */
async function passwordGrant(ctx: KoaContextWithOIDC): Promise<void> {
  const { provider, params, client } = ctx.oidc;
  const username = stringParam(params?.['username']) ?? '';
  if (!client || !username || params?.['password'] !== testPassword(username)) {
    throw new errors.InvalidGrant('invalid username or password');
  }
  const requested = (stringParam(params?.['scope']) ?? 'openid').split(' ');
  const known = ['openid', 'offline_access', 'profile', 'email', 'api:read'];
  const scope = requested.filter((s) => known.includes(s)).join(' ');
  const grant = new provider.Grant({ accountId: username, clientId: client.clientId });
  grant.addOIDCScope(scope);
  const grantId = await grant.save();
  const accessToken = new provider.AccessToken({
    accountId: username,
    client,
    grantId,
    scope,
    gty: 'password',
  });
  const body: Record<string, unknown> = {
    access_token: await accessToken.save(),
    token_type: 'Bearer',
    expires_in: accessToken.expiration,
    scope,
  };
  if (requested.includes('offline_access')) {
    const refresh = new provider.RefreshToken({
      accountId: username,
      client,
      grantId,
      scope,
      gty: 'password',
      rotations: 0,
    });
    body['refresh_token'] = await refresh.save();
  }
  ctx.body = body;
}

/**
 * Approves (or denies) a pending device authorization as `account`, which is what a user does
 * on the verification page; tests call this instead of driving that page.
 */
export async function decideDeviceCode(
  idp: TestIdp,
  userCode: string,
  account: string,
  decision: 'approve' | 'deny',
): Promise<void> {
  const { provider } = idp;
  const code = await provider.DeviceCode.findByUserCode(
    userCode.replace(/[^A-Z]/gi, '').toUpperCase(),
  );
  if (!code) throw new Error(`no device code for ${userCode}`);
  if (decision === 'deny') {
    Object.assign(code, {
      error: 'access_denied',
      errorDescription: 'the user denied the request',
    });
  } else {
    const scope = stringParam(code.params?.['scope']) ?? 'openid';
    const grant = new provider.Grant({ accountId: account, clientId: String(code.clientId) });
    grant.addOIDCScope(scope);
    Object.assign(code, {
      accountId: account,
      grantId: await grant.save(),
      scope,
      authTime: Math.floor(Date.now() / 1000),
    });
  }
  await code.save();
}

function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function readBody(req: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startOidcIdp(options: IdpOptions = {}): Promise<TestIdp> {
  // Reserve the port first: the issuer must be known before the provider exists.
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = {
    ...(await exportJWK(privateKey)),
    kid: 'test-key',
    alg: 'RS256',
    use: 'sig',
  };

  const configuration: Configuration = {
    ...(options.adapter ? { adapter: options.adapter } : {}),
    clients: [
      ...[NATIVE_CLIENT_ID, ...(options.extraNativeClientIds ?? [])].map(
        (client_id): ClientMetadata => ({
          client_id,
          application_type: 'native',
          token_endpoint_auth_method: 'none',
          redirect_uris: ['http://127.0.0.1/callback', CUSTOM_SCHEME_REDIRECT],
          grant_types: [
            'authorization_code',
            'refresh_token',
            'urn:ietf:params:oauth:grant-type:device_code',
            'password',
          ],
          response_types: ['code'],
        }),
      ),
      {
        client_id: CONFIDENTIAL_CLIENT_ID,
        client_secret: CONFIDENTIAL_CLIENT_SECRET,
        application_type: 'native',
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: ['http://127.0.0.1/callback', CUSTOM_SCHEME_REDIRECT],
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
        response_types: ['code'],
      },
      {
        client_id: POST_CLIENT_ID,
        client_secret: POST_CLIENT_SECRET,
        application_type: 'native',
        token_endpoint_auth_method: 'client_secret_post',
        redirect_uris: ['http://127.0.0.1/callback', CUSTOM_SCHEME_REDIRECT],
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['token-desk-test-cookie-key'] },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'api:read'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'updated_at'],
      email: ['email', 'email_verified'],
    },
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => claimsFor(sub) as { sub: string } };
    },
    pkce: { required: () => true },
    ttl: {
      AccessToken: options.accessTokenTtl ?? 3600,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      Session: 24 * 3600,
      Interaction: 3600,
      AuthorizationCode: 60,
      DeviceCode: options.deviceCodeTtl ?? 600,
      ClientCredentials: 600,
    },
    rotateRefreshToken: true,
    features: {
      devInteractions: { enabled: options.devInteractions ?? false },
      revocation: { enabled: true },
      introspection: {
        enabled: true,
        // A client may introspect the tokens issued to it, as most real IdPs allow.
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
    },
    // The provider's own pages (devInteractions) live at its default interaction URL.
    ...(options.devInteractions
      ? {}
      : { interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` } }),
  };

  const provider = new Provider(issuer, configuration);
  provider.registerGrantType('password', passwordGrant, ['username', 'password', 'scope']);
  let slowDown = false;
  let spoil: { kind: 'tampered' | 'foreign-key'; times: number } | undefined;
  const endIn = (seconds: number | undefined) =>
    seconds === undefined ? undefined : Date.now() + seconds * 1000;
  let sessionEnd = endIn(options.refreshExpiresIn);
  let rotated: { privateKey: CryptoKey; publicJwk: JWK } | undefined;
  const foreign = await generateKeyPair('RS256');
  let hangToken = false;
  const tokenRequests: Record<string, string>[] = [];
  const ledger = new RequestLedger();
  /** Whom a request acts for: the user of its token, else its client. */
  const accountOf = async (
    ctx: KoaContextWithOIDC,
    params: URLSearchParams | undefined,
  ): Promise<string> => {
    const refresh = params?.get('grant_type') === 'refresh_token' && params.get('refresh_token');
    if (refresh) {
      const token = await provider.RefreshToken.find(refresh, { ignoreExpiration: true });
      if (token?.accountId) return `user:${token.accountId}`;
    }
    const bearer = /^bearer\s+(\S+)/i.exec(ctx.get('authorization'))?.[1];
    if (bearer) {
      const token = await provider.AccessToken.find(bearer, { ignoreExpiration: true });
      if (token?.accountId) return `user:${token.accountId}`;
    }
    const clientId = params?.get('client_id') ?? ctx.query['client_id'];
    if (typeof clientId === 'string') return `client:${clientId}`;
    const basic = /^basic\s+(\S+)/i.exec(ctx.get('authorization'))?.[1];
    if (basic) return `client:${decodeURIComponent(atob(basic).split(':')[0] ?? '')}`;
    return 'anonymous';
  };
  provider.use(async (ctx, next) => {
    let params: URLSearchParams | undefined;
    if (ctx.method === 'POST' && ctx.path === '/token') {
      const raw = await readBody(ctx.req);
      // Hand the raw body on; oidc-provider parses an already-read body from req.body.
      (ctx.req as { body?: unknown }).body = raw;
      params = new URLSearchParams(raw);
      tokenRequests.push(Object.fromEntries(params));
      // Never answered; the connection ends when the client gives up or the server closes.
      if (hangToken) return new Promise<void>(() => undefined);
    }
    ledger.record({
      at: Date.now(),
      account: await accountOf(ctx as KoaContextWithOIDC, params),
      method: ctx.method,
      path: ctx.path,
    });
    await next();
  });
  provider.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === '/token') {
      const params = new URLSearchParams((ctx.req as { body?: string }).body);
      if (slowDown && params.get('grant_type') === 'urn:ietf:params:oauth:grant-type:device_code') {
        slowDown = false;
        ctx.status = 400;
        ctx.body = { error: 'slow_down', error_description: 'polling too fast' };
        return;
      }
    }
    await next();
    const answer = ctx.body as { id_token?: unknown; keys?: JWK[] } | undefined;
    if (ctx.path === '/token' && typeof answer?.id_token === 'string') {
      answer.id_token = await reworkIdToken(answer.id_token);
    }
    const tokenBody = ctx.body as { refresh_token?: unknown; refresh_expires_in?: number };
    if (ctx.path === '/token' && sessionEnd !== undefined && tokenBody?.refresh_token) {
      tokenBody.refresh_expires_in = Math.max(0, Math.round((sessionEnd - Date.now()) / 1000));
    }
    // Every token this IdP hands out is a secret the app must never show (leak-detector.ts).
    if (ctx.path === '/token') registerTokenResponse(ctx.body);
    if (ctx.path === '/jwks' && rotated && Array.isArray(answer?.keys)) {
      answer.keys = [...answer.keys, rotated.publicJwk];
    }
    if (ctx.path === '/device/auth' && ctx.body && typeof ctx.body === 'object') {
      const body = ctx.body as { interval?: number; expires_in?: number };
      if (options.devicePollInterval) body.interval = options.devicePollInterval;
      if (options.advertisedDeviceCodeTtl) body.expires_in = options.advertisedDeviceCodeTtl;
    }
  });
  provider.use(async (ctx, next) => {
    const account = ctx.get(TEST_ACCOUNT_HEADER);
    if (account && ctx.method === 'GET' && ctx.path.startsWith('/interaction/')) {
      await finishInteraction(provider, ctx as KoaContextWithOIDC, account);
      return;
    }
    await next();
  });
  /** Applies a pending spoil and the rotated key to an ID token the provider signed. */
  async function reworkIdToken(idToken: string): Promise<string> {
    const [header, payload, signature] = idToken.split('.') as [string, string, string];
    const claims = Buffer.from(payload, 'base64url');
    const kind = spoil?.kind;
    if (spoil && --spoil.times <= 0) spoil = undefined;
    if (kind === 'tampered') {
      const changed = { ...JSON.parse(claims.toString('utf8')), name: 'Mallory' };
      return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
    }
    if (kind === 'foreign-key') {
      return new CompactSign(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'not-published' })
        .sign(foreign.privateKey);
    }
    if (rotated) {
      return new CompactSign(claims)
        .setProtectedHeader({ alg: 'RS256', kid: String(rotated.publicJwk.kid) })
        .sign(rotated.privateKey);
    }
    return idToken;
  }

  const handle = provider.callback();
  server.on('request', (req, res) => void handle(req, res));

  return {
    issuer,
    provider,
    tokenRequests,
    ledger,
    slowDownNextPoll: () => {
      slowDown = true;
    },
    announceRefreshExpiresIn(seconds) {
      sessionEnd = endIn(seconds);
    },
    spoilNextIdToken(kind, times = 1) {
      spoil = { kind, times };
    },
    async rotateSigningKey() {
      const next = await generateKeyPair('RS256', { extractable: true });
      const publicJwk = {
        ...(await exportJWK(next.publicKey)),
        kid: 'test-key-2',
        alg: 'RS256',
        use: 'sig',
      };
      rotated = { privateKey: next.privateKey, publicJwk };
    },
    hangTokenEndpoint: (on) => {
      hangToken = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
