import * as client from 'openid-client';
import type { InspectionSection } from '../../../preload/api.ts';
import { AppError, toAppError } from '../errors.ts';
import type { PendingAuthorization } from '../flows/pending-authorizations.ts';
import { limitedFetch } from '../http/limited-fetch.ts';
import type { AccountRecord, ProviderConfig, StoredTokens, TokenGrant } from '../model.ts';
import { expiryFromJwt, labelFromClaims, toClaimList } from '../token-claims.ts';
import type {
  AuthorizationRequest,
  ProviderAdapter,
  ProviderCapabilities,
} from './provider-adapter.ts';
import { isLoopbackUrl } from './urls.ts';

export interface OpenIdAdapterOptions {
  /** Seconds before any single request to the provider is abandoned. */
  timeoutSeconds: number;
  now?: () => number;
}

/** The endpoints found in a discovery document, kept in the provider's metadata for display. */
export function endpointsOf(config: client.Configuration): ProviderConfig['endpoints'] {
  const m = config.serverMetadata();
  const endpoints: ProviderConfig['endpoints'] = {};
  if (m.authorization_endpoint) endpoints.authorization = m.authorization_endpoint;
  if (m.token_endpoint) endpoints.token = m.token_endpoint;
  if (m.revocation_endpoint) endpoints.revocation = m.revocation_endpoint;
  if (m.introspection_endpoint) endpoints.introspection = m.introspection_endpoint;
  if (m.userinfo_endpoint) endpoints.userinfo = m.userinfo_endpoint;
  return endpoints;
}

function clientAuthentication(
  provider: ProviderConfig,
  clientSecret: string | undefined,
): client.ClientAuth {
  switch (provider.clientAuth) {
    case 'client_secret_basic':
      return client.ClientSecretBasic(clientSecret);
    case 'client_secret_post':
      return client.ClientSecretPost(clientSecret);
    case 'none':
      return client.None();
  }
}

/**
 * Builds the openid-client Configuration: discovery for OpenID Connect issuers, the manual
 * endpoints for OAuth-only servers. Plain http is allowed for loopback addresses only.
 */
export async function createConfiguration(
  provider: ProviderConfig,
  clientSecret: string | undefined,
  timeoutSeconds: number,
): Promise<client.Configuration> {
  const auth = clientAuthentication(provider, clientSecret);
  const metadata: Partial<client.ClientMetadata> = { client_id: provider.clientId };
  const fetchOption = { [client.customFetch]: limitedFetch as client.CustomFetch };

  if (provider.kind === 'oidc') {
    if (!provider.issuer) throw new AppError('INVALID_INPUT', 'This provider has no issuer URL.');
    const issuer = new URL(provider.issuer);
    try {
      return await client.discovery(issuer, provider.clientId, metadata, auth, {
        timeout: timeoutSeconds,
        execute: isLoopbackUrl(issuer) ? [client.allowInsecureRequests] : [],
        ...fetchOption,
      });
    } catch (err) {
      const error = toAppError(err, 'the issuer');
      throw new AppError(
        error.code,
        `Could not load the OpenID configuration of ${issuer.origin}. ${error.message}`,
        {
          ...(error.providerMessage ? { providerMessage: error.providerMessage } : {}),
          cause: err,
        },
      );
    }
  }

  const { endpoints } = provider;
  if (!endpoints.token) throw new AppError('INVALID_INPUT', 'This provider has no token endpoint.');
  const tokenUrl = new URL(endpoints.token);
  const server: client.ServerMetadata = {
    issuer: provider.issuer ?? tokenUrl.origin,
    token_endpoint: endpoints.token,
    ...(endpoints.authorization ? { authorization_endpoint: endpoints.authorization } : {}),
    ...(endpoints.revocation ? { revocation_endpoint: endpoints.revocation } : {}),
    ...(endpoints.introspection ? { introspection_endpoint: endpoints.introspection } : {}),
    ...(endpoints.userinfo ? { userinfo_endpoint: endpoints.userinfo } : {}),
  };
  const config = new client.Configuration(server, provider.clientId, metadata, auth);
  config.timeout = timeoutSeconds;
  config[client.customFetch] = limitedFetch;
  const urls = [
    endpoints.authorization,
    endpoints.token,
    endpoints.revocation,
    endpoints.introspection,
    endpoints.userinfo,
  ];
  if (urls.every((url) => !url || isLoopbackUrl(new URL(url)))) {
    client.allowInsecureRequests(config);
  }
  return config;
}

/** Scopes of a token response, or null when the provider did not say (RFC 6749 §5.1). */
function grantedScopes(scope: unknown): string[] | null {
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : null;
}

/** Standard OAuth 2.0 / OpenID Connect through openid-client. */
export class OpenIdAdapter implements ProviderAdapter {
  private readonly provider: ProviderConfig;
  private readonly configuration: () => Promise<client.Configuration>;
  private readonly now: () => number;

  constructor(
    provider: ProviderConfig,
    configuration: () => Promise<client.Configuration>,
    options: Pick<OpenIdAdapterOptions, 'now'> = {},
  ) {
    this.provider = provider;
    this.configuration = configuration;
    this.now = options.now ?? Date.now;
  }

  capabilities(): ProviderCapabilities {
    const { endpoints, name } = this.provider;
    return {
      signIn: endpoints.authorization ? ['authorization-code'] : [],
      refresh: { available: true },
      revoke: endpoints.revocation
        ? {
            available: true,
            note: `Revokes the refresh token and the access token at ${name} (RFC 7009). The account stays listed until you remove it.`,
          }
        : {
            available: false,
            reason: `${name} has no revocation endpoint, so tokens can only be removed from this app.`,
          },
      userinfo: Boolean(endpoints.userinfo),
      introspection: Boolean(endpoints.introspection),
    };
  }

  private get wantsIdToken(): boolean {
    return this.provider.kind === 'oidc' && this.provider.scopes.includes('openid');
  }

  async buildAuthorizationUrl(request: AuthorizationRequest): Promise<URL> {
    const config = await this.configuration();
    const params: Record<string, string> = {
      ...this.provider.authParams,
      redirect_uri: request.redirectUri,
      response_type: 'code',
      scope: this.provider.scopes.join(' '),
      state: request.state,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
    };
    if (this.wantsIdToken) params['nonce'] = request.nonce;
    if (!params['scope']) delete params['scope'];
    return client.buildAuthorizationUrl(config, params);
  }

  async authorizationCodeGrant(
    callbackUrl: URL,
    pending: PendingAuthorization,
  ): Promise<TokenGrant> {
    const config = await this.configuration();
    try {
      const response = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        ...(this.wantsIdToken ? { expectedNonce: pending.nonce, idTokenExpected: true } : {}),
      });
      return await this.withUserInfoLabel(config, this.toGrant(response, undefined));
    } catch (err) {
      throw toAppError(err, this.provider.name);
    }
  }

  /**
   * ID tokens often carry only `sub`; when UserInfo is available, ask it for a friendlier
   * account name (email, username). Best effort: a failure keeps the name from the token.
   */
  private async withUserInfoLabel(
    config: client.Configuration,
    grant: TokenGrant,
  ): Promise<TokenGrant> {
    if (!this.provider.endpoints.userinfo || (grant.label && grant.label !== grant.subject))
      return grant;
    try {
      const info = await client.fetchUserInfo(
        config,
        grant.tokens.accessToken,
        grant.subject ?? client.skipSubjectCheck,
      );
      const label = labelFromClaims(info);
      return {
        ...grant,
        ...(label ? { label } : {}),
        ...(grant.subject ? {} : { subject: info.sub }),
      };
    } catch {
      return grant;
    }
  }

  async refreshTokenGrant(tokens: StoredTokens): Promise<TokenGrant> {
    if (!tokens.refreshToken) {
      throw new AppError(
        'UNSUPPORTED',
        'This account has no refresh token. Sign in again to get a new access token.',
      );
    }
    const config = await this.configuration();
    try {
      const response = await client.refreshTokenGrant(config, tokens.refreshToken);
      return this.toGrant(response, tokens);
    } catch (err) {
      throw toAppError(err, this.provider.name);
    }
  }

  async revokeToken(tokens: StoredTokens): Promise<void> {
    if (!this.provider.endpoints.revocation)
      throw new AppError('UNSUPPORTED', this.capabilitiesReason('revoke'));
    const config = await this.configuration();
    try {
      // The refresh token first: revoking it ends the grant at most providers (RFC 7009 §2.1).
      if (tokens.refreshToken) {
        await client.tokenRevocation(config, tokens.refreshToken, {
          token_type_hint: 'refresh_token',
        });
      }
      await client.tokenRevocation(config, tokens.accessToken, { token_type_hint: 'access_token' });
    } catch (err) {
      throw toAppError(err, this.provider.name);
    }
  }

  async inspect(tokens: StoredTokens, account: AccountRecord): Promise<InspectionSection[]> {
    const sections: InspectionSection[] = [];
    const { userinfo, introspection } = this.capabilities();
    sections.push(
      userinfo
        ? await this.section('userinfo', 'UserInfo', async (config) =>
            client.fetchUserInfo(
              config,
              tokens.accessToken,
              account.subject ?? client.skipSubjectCheck,
            ),
          )
        : {
            id: 'userinfo',
            title: 'UserInfo',
            status: 'unavailable',
            note: `${this.provider.name} has no UserInfo endpoint.`,
          },
    );
    sections.push(
      introspection
        ? await this.section('introspection', 'Introspection (RFC 7662)', async (config) =>
            client.tokenIntrospection(config, tokens.accessToken, {
              token_type_hint: 'access_token',
            }),
          )
        : {
            id: 'introspection',
            title: 'Introspection (RFC 7662)',
            status: 'unavailable',
            note: `${this.provider.name} has no introspection endpoint.`,
          },
    );
    return sections;
  }

  private async section(
    id: string,
    title: string,
    load: (config: client.Configuration) => Promise<object>,
  ): Promise<InspectionSection> {
    try {
      const claims = await load(await this.configuration());
      return { id, title, status: 'ok', claims: toClaimList({ ...claims }) };
    } catch (err) {
      return { id, title, status: 'error', error: toAppError(err, this.provider.name).toInfo() };
    }
  }

  private capabilitiesReason(action: 'revoke'): string {
    const availability = this.capabilities()[action];
    return availability.available ? '' : availability.reason;
  }

  /** Normalizes a token response; on refresh, keeps what the provider did not resend. */
  private toGrant(
    response: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
    previous: StoredTokens | undefined,
  ): TokenGrant {
    const receivedAt = this.now();
    const tokens: StoredTokens = {
      accessToken: response.access_token,
      tokenType: response.token_type ?? 'Bearer',
    };
    const refreshToken = response.refresh_token ?? previous?.refreshToken;
    if (refreshToken) tokens.refreshToken = refreshToken;
    const idToken = response.id_token ?? previous?.idToken;
    if (idToken) tokens.idToken = idToken;

    const expiresIn = response.expiresIn();
    const grant: TokenGrant = {
      tokens,
      expiresAt:
        expiresIn !== undefined
          ? receivedAt + expiresIn * 1000
          : expiryFromJwt(response.access_token),
      scopes: grantedScopes(response.scope),
    };
    const claims = response.claims();
    if (claims?.sub) grant.subject = claims.sub;
    const label = labelFromClaims(claims);
    if (label) grant.label = label;
    return grant;
  }
}
