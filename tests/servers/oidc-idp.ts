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
  type ClientMetadata,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';

export const NATIVE_CLIENT_ID = 'token-desk-native';
export const CONFIDENTIAL_CLIENT_ID = 'token-desk-confidential';
export const CONFIDENTIAL_CLIENT_SECRET = 'confidential-secret-for-tests-only-0123456789';
export const CUSTOM_SCHEME_REDIRECT = 'io.github.tokendesk:/oauth/callback';
export const TEST_ACCOUNT_HEADER = 'x-test-account';

export interface IdpOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Access token lifetime in seconds (default 3600). */
  accessTokenTtl?: number;
  /** Show the provider's own login and consent pages (demo, browser tests). */
  devInteractions?: boolean;
  /** More public native clients registered like {@link NATIVE_CLIENT_ID} (the demo's client). */
  extraNativeClientIds?: string[];
}

export interface TestIdp {
  issuer: string;
  provider: Provider;
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

export async function startOidcIdp(options: IdpOptions = {}): Promise<TestIdp> {
  // Reserve the port first: the issuer must be known before the provider exists.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
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
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
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
      DeviceCode: 600,
      ClientCredentials: 600,
    },
    rotateRefreshToken: true,
    features: {
      devInteractions: { enabled: options.devInteractions ?? false },
      revocation: { enabled: true },
      introspection: { enabled: true },
      userinfo: { enabled: true },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  };

  const provider = new Provider(issuer, configuration);
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
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
