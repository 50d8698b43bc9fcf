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
import { exportJWK, generateKeyPair } from 'jose';
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
}

export interface TestIdp {
  issuer: string;
  provider: Provider;
  /** Answers the next device-code token request with `slow_down` (RFC 8628 §3.5). */
  slowDownNextPoll(): void;
  /** Parameters of every token request received, in order (for asserting extra parameters). */
  tokenRequests: Record<string, string>[];
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
async function finishInteraction(
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
  const tokenRequests: Record<string, string>[] = [];
  provider.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === '/token') {
      const raw = await readBody(ctx.req);
      const params = new URLSearchParams(raw);
      tokenRequests.push(Object.fromEntries(params));
      // Hand the raw body back; oidc-provider parses an already-read body from req.body.
      (ctx.req as { body?: unknown }).body = raw;
      if (slowDown && params.get('grant_type') === 'urn:ietf:params:oauth:grant-type:device_code') {
        slowDown = false;
        ctx.status = 400;
        ctx.body = { error: 'slow_down', error_description: 'polling too fast' };
        return;
      }
    }
    await next();
    // Every token this IdP hands out is a secret the app must never show (leak-detector.ts).
    if (ctx.path === '/token') registerTokenResponse(ctx.body);
    if (
      options.devicePollInterval &&
      ctx.path === '/device/auth' &&
      ctx.body &&
      typeof ctx.body === 'object'
    ) {
      (ctx.body as { interval?: number }).interval = options.devicePollInterval;
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
  const handle = provider.callback();
  server.on('request', (req, res) => void handle(req, res));

  return {
    issuer,
    provider,
    tokenRequests,
    slowDownNextPoll: () => {
      slowDown = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
