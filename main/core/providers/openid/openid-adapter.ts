import type * as client from 'openid-client';
import { openIdClient } from './openid-client.ts';
import type {
  InspectionSection,
  ProviderCapabilities,
  SignInOption,
} from '../../../../contract/domain.ts';
import { AppError, toAppError } from '../../errors.ts';
import type {
  DeliveredRedirect,
  PendingAuthorization,
} from '../../flows/pending-authorizations.ts';
import type { AccountRecord, ProviderConfig, StoredTokens, TokenGrant } from '../../model.ts';
import {
  decodeJwtUnverified,
  expiryFromJwt,
  labelFromClaims,
  personalNameFromClaims,
  toClaimList,
} from '../../token-claims.ts';
import { dpopFor, dpopForToken, freshProof, isDpopBound } from '../../client-auth/dpop.ts';
import type { StoredKeyPair } from '../../client-auth/client-keys.ts';
import { tokenBindingSection } from '../../client-auth/token-binding.ts';
import {
  refreshWithToken,
  unsupported,
  type AuthorizationRequest,
  type BrowserSignIn,
  type DeviceAuthorizationStart,
  type DirectSignIn,
  type ProviderAdapter,
  type RefreshAvailability,
  type TokenNarrowing,
} from '../provider-adapter.ts';
import type { SignatureCheck, SigningKeys } from '../id-token-signature.ts';
import { refreshExpiryFromResponse } from '../../accounts/session-end.ts';

/** Scopes of a token response, or null when the provider did not say (RFC 6749 §5.1). */
function grantedScopes(scope: unknown): string[] | null {
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : null;
}

const PASSWORD_WARNING =
  'Discouraged: the app sees your password, and the flow skips the provider’s own protections (multi-factor, consent). Use it only for legacy or service-account setups.';
const IMPLICIT_WARNING =
  'Deprecated: the token comes back in the browser’s address (the app clears it from the history at once) and cannot be refreshed. Use it only for providers that require it.';
/** RFC 8252 §8.1: any app can claim a private-use scheme, and Windows and Linux pass it on a command line. */
const IMPLICIT_NEEDS_LOOPBACK =
  'The implicit flow needs the loopback redirect: through the app’s URL scheme, the token could reach another app. Switch the redirect to loopback to use it.';

const MAX_DEVICE_CODE_MS = 24 * 60 * 60_000;

type TokenResponse = client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;

/**
 * Standard OAuth 2.0 / OpenID Connect through openid-client: authorization code with PKCE,
 * implicit, device authorization, client credentials, password; refresh, revoke, userinfo and
 * introspection when the provider has the endpoints.
 */
export class OpenIdAdapter implements ProviderAdapter {
  protected readonly provider: ProviderConfig;
  protected readonly configuration: () => Promise<client.Configuration>;
  protected readonly now: () => number;
  protected readonly timeoutSeconds: number;
  private readonly signingKeys: () => Promise<SigningKeys>;

  constructor(
    provider: ProviderConfig,
    configuration: () => Promise<client.Configuration>,
    options: {
      timeoutSeconds: number;
      signingKeys: () => Promise<SigningKeys>;
      now?: () => number;
    },
  ) {
    this.provider = provider;
    this.configuration = configuration;
    this.timeoutSeconds = options.timeoutSeconds;
    this.signingKeys = options.signingKeys;
    this.now = options.now ?? Date.now;
  }

  capabilities(): ProviderCapabilities {
    const { endpoints, name } = this.provider;
    return {
      signIn: this.signInOptions(),
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
      introspection: Boolean(endpoints.introspection),
      userinfo: Boolean(endpoints.userinfo),
      notes: [],
    };
  }

  protected signInOptions(): SignInOption[] {
    const { endpoints, name, clientAuth, kind } = this.provider;
    const grant = (type: string) =>
      this.provider.grantTypes === null || this.provider.grantTypes.includes(type);
    const options: SignInOption[] = [
      endpoints.authorization
        ? { method: 'authorization-code', available: true }
        : {
            method: 'authorization-code',
            available: false,
            reason: `${name} has no authorization endpoint.`,
          },
      endpoints.deviceAuthorization
        ? { method: 'device-code', available: true }
        : {
            method: 'device-code',
            available: false,
            reason: `${name} has no device authorization endpoint (RFC 8628).`,
          },
      clientAuth === 'none'
        ? {
            method: 'client-credentials',
            available: false,
            reason:
              'Client credentials need a confidential client: set a client secret and an authentication method.',
          }
        : grant('client_credentials')
          ? { method: 'client-credentials', available: true }
          : {
              method: 'client-credentials',
              available: false,
              reason: `${name} does not offer the client credentials grant.`,
            },
      grant('password')
        ? { method: 'password', available: true, warning: PASSWORD_WARNING }
        : {
            method: 'password',
            available: false,
            reason: `${name} does not offer the password grant.`,
          },
    ];
    if (kind !== 'oidc' && endpoints.authorization) {
      options.push(
        this.provider.redirectKind === 'loopback'
          ? { method: 'implicit', available: true, warning: IMPLICIT_WARNING }
          : { method: 'implicit', available: false, reason: IMPLICIT_NEEDS_LOOPBACK },
      );
    }
    return options;
  }

  refreshAvailability(account: AccountRecord): RefreshAvailability {
    if (account.signInMethod === 'client-credentials') {
      return {
        available: true,
        kind: 'reissue',
        label: 'Request new token',
        note: 'Client credentials grants issue no refresh token; refreshing requests a new access token.',
      };
    }
    if (account.hasRefreshToken) return refreshWithToken();
    const { name, kind } = this.provider;
    return refreshWithToken(
      account.signInMethod === 'implicit'
        ? 'Tokens from the implicit flow cannot be refreshed. Sign in again when it expires.'
        : kind === 'oidc'
          ? `${name} issued no refresh token. Add the offline_access scope (some providers also need prompt=consent) and sign in again.`
          : `${name} issued no refresh token. Sign in again when the access token expires.`,
    );
  }

  private get wantsIdToken(): boolean {
    return this.provider.kind === 'oidc' && this.provider.scopes.includes('openid');
  }

  private get scope(): Record<string, string> {
    return this.provider.scopes.length ? { scope: this.provider.scopes.join(' ') } : {};
  }

  readonly browserSignIn: BrowserSignIn = {
    authorizationUrl: (request) => this.buildAuthorizationUrl(request),
    complete: (delivered, pending) => this.completeAuthorization(delivered, pending),
  };

  protected async buildAuthorizationUrl(request: AuthorizationRequest): Promise<URL> {
    const config = await this.configuration();
    const params: Record<string, string> = {
      ...this.provider.authParams,
      ...this.scope,
      redirect_uri: request.redirectUri,
      state: request.state,
    };
    if (request.method === 'implicit') {
      params['response_type'] = 'token';
    } else {
      Object.assign(params, {
        response_type: 'code',
        code_challenge: request.codeChallenge,
        code_challenge_method: 'S256',
      });
      if (this.wantsIdToken) params['nonce'] = request.nonce;
    }
    return openIdClient().buildAuthorizationUrl(config, params);
  }

  protected async completeAuthorization(
    delivered: DeliveredRedirect,
    pending: PendingAuthorization,
  ): Promise<TokenGrant> {
    const { redirect } = delivered;
    if (redirect.kind === 'token') {
      if (pending.method !== 'implicit') {
        throw new AppError(
          'STATE_MISMATCH',
          'The provider answered a code sign-in with a token; it was refused.',
        );
      }
      return {
        tokens: { accessToken: redirect.accessToken, tokenType: redirect.tokenType },
        expiresAt:
          redirect.expiresIn !== null
            ? this.now() + redirect.expiresIn * 1000
            : expiryFromJwt(redirect.accessToken),
        scopes: redirect.scope ? redirect.scope.split(' ').filter(Boolean) : null,
      };
    }
    const config = await this.configuration();
    try {
      const dpop = await dpopFor(config, this.provider);
      const response = await openIdClient().authorizationCodeGrant(
        config,
        delivered.url,
        {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          ...(this.wantsIdToken ? { expectedNonce: pending.nonce, idTokenExpected: true } : {}),
        },
        undefined,
        dpop.options,
      );
      return await this.withUserInfoLabel(
        config,
        await this.verifiedGrant(response, undefined, dpop.key),
      );
    } catch (err) {
      throw toAppError(err, this.provider.name);
    }
  }

  async deviceSignIn(): Promise<DeviceAuthorizationStart> {
    const config = await this.configuration();
    let response: client.DeviceAuthorizationResponse;
    try {
      response = await openIdClient().initiateDeviceAuthorization(config, {
        ...this.provider.tokenParams,
        ...this.scope,
      });
    } catch (err) {
      throw toAppError(err, this.provider.name);
    }
    // A device code lives minutes; a day bounds a nonsensical answer (and setTimeout's range).
    const lifetimeMs = Math.min(response.expires_in * 1000, MAX_DEVICE_CODE_MS);
    return {
      userCode: response.user_code,
      verificationUri: response.verification_uri,
      ...(response.verification_uri_complete
        ? { verificationUriComplete: response.verification_uri_complete }
        : {}),
      expiresAt: this.now() + lifetimeMs,
      intervalSeconds: response.interval ?? 5,
      poll: async (signal) => {
        // openid-client drops its own expires_in deadline when given a signal: keep it here.
        const deadline = AbortSignal.timeout(lifetimeMs);
        try {
          const dpop = await dpopFor(config, this.provider);
          const tokens = await openIdClient().pollDeviceAuthorizationGrant(
            config,
            response,
            this.provider.tokenParams,
            { signal: AbortSignal.any([signal, deadline]), ...dpop.options },
          );
          return await this.withUserInfoLabel(
            config,
            await this.verifiedGrant(tokens, undefined, dpop.key),
          );
        } catch (err) {
          if (deadline.aborted && !signal.aborted) throw codeExpired();
          throw deviceError(err, this.provider.name);
        }
      },
    };
  }

  async directSignIn(request: DirectSignIn): Promise<TokenGrant> {
    const config = await this.configuration();
    try {
      switch (request.method) {
        case 'client-credentials':
          return await this.clientCredentialsGrant(config);
        case 'password': {
          const dpop = await dpopFor(config, this.provider);
          const response = await openIdClient().genericGrantRequest(
            config,
            'password',
            {
              ...this.provider.tokenParams,
              ...this.scope,
              username: request.username,
              password: request.password,
            },
            dpop.options,
          );
          const grant = await this.withUserInfoLabel(
            config,
            await this.verifiedGrant(response, undefined, dpop.key),
          );
          return { ...grant, label: grant.label ?? request.username };
        }
        case 'token-import':
          throw unsupported(this.provider.name, 'importing tokens');
      }
    } catch (err) {
      const error = toAppError(err, this.provider.name);
      // For a password sign-in, invalid_grant means wrong credentials, not an expired grant.
      if (request.method === 'password' && error.code === 'REAUTH_REQUIRED') {
        throw new AppError(
          'PROVIDER_ERROR',
          `${this.provider.name} rejected the user name or password.`,
          {
            ...(error.providerMessage ? { providerMessage: error.providerMessage } : {}),
          },
        );
      }
      throw error;
    }
  }

  private async clientCredentialsGrant(
    config: client.Configuration,
    previous?: StoredTokens,
  ): Promise<TokenGrant> {
    const dpop = await dpopFor(config, this.provider, previous);
    const response = await openIdClient().clientCredentialsGrant(
      config,
      { ...this.provider.tokenParams, ...this.scope },
      dpop.options,
    );
    // One service account per client: signing in again updates it instead of adding another.
    return {
      ...(await this.verifiedGrant(response, undefined, dpop.key)),
      subject: `client:${this.provider.clientId}`,
      label: `${this.provider.clientId} (client credentials)`,
    };
  }

  async refresh(tokens: StoredTokens, account: AccountRecord): Promise<TokenGrant> {
    const config = await this.configuration();
    try {
      if (account.signInMethod === 'client-credentials')
        return await this.clientCredentialsGrant(config, tokens);
      if (!tokens.refreshToken) {
        throw new AppError(
          'UNSUPPORTED',
          'This account has no refresh token. Sign in again to get a new access token.',
        );
      }
      const dpop = await dpopFor(config, this.provider, tokens);
      const response = await openIdClient().refreshTokenGrant(
        config,
        tokens.refreshToken,
        this.provider.tokenParams,
        dpop.options,
      );
      return await this.verifiedGrant(response, tokens, dpop.key);
    } catch (err) {
      throw toAppError(err, this.provider.name);
    }
  }

  async refreshNarrowed(tokens: StoredTokens, narrowing: TokenNarrowing): Promise<TokenGrant> {
    if (!tokens.refreshToken) {
      throw new AppError(
        'UNSUPPORTED',
        'This account has no refresh token, so no narrower token can be requested.',
      );
    }
    const config = await this.configuration();
    const params: Record<string, string> = { ...this.provider.tokenParams };
    if (narrowing.scopes) params['scope'] = narrowing.scopes.join(' ');
    if (narrowing.audience) params['resource'] = narrowing.audience;
    try {
      const dpop = await dpopFor(config, this.provider, tokens);
      const response = await openIdClient().refreshTokenGrant(
        config,
        tokens.refreshToken,
        params,
        dpop.options,
      );
      return this.toGrant(response, tokens, dpop.key);
    } catch (err) {
      throw toAppError(err, this.provider.name);
    }
  }

  async revoke(tokens: StoredTokens): Promise<void> {
    const config = await this.configuration();
    try {
      // The refresh token first: revoking it ends the grant at most providers (RFC 7009 §2.1).
      if (tokens.refreshToken) {
        await openIdClient().tokenRevocation(config, tokens.refreshToken, {
          token_type_hint: 'refresh_token',
        });
      }
      await openIdClient().tokenRevocation(config, tokens.accessToken, {
        token_type_hint: 'access_token',
      });
    } catch (err) {
      throw toAppError(err, this.provider.name);
    }
  }

  async inspect(tokens: StoredTokens, account: AccountRecord): Promise<InspectionSection[]> {
    const { userinfo, introspection } = this.capabilities();
    const { name } = this.provider;
    let introspected: Record<string, unknown> | undefined;
    const sections: InspectionSection[] = [
      userinfo
        ? await this.section('userinfo', 'UserInfo', async (config) =>
            openIdClient().fetchUserInfo(
              config,
              tokens.accessToken,
              this.expectedSubject(account),
              await dpopForToken(config, tokens),
            ),
          )
        : {
            id: 'userinfo',
            title: 'UserInfo',
            status: 'unavailable',
            note: `${name} has no UserInfo endpoint.`,
          },
      introspection
        ? await this.section('introspection', 'Introspection (RFC 7662)', async (config) => {
            const claims = await openIdClient().tokenIntrospection(config, tokens.accessToken, {
              token_type_hint: 'access_token',
            });
            introspected = { ...claims };
            return claims;
          })
        : {
            id: 'introspection',
            title: 'Introspection (RFC 7662)',
            status: 'unavailable',
            note: `${name} has no introspection endpoint.`,
          },
    ];
    const binding = await tokenBindingSection(tokens, introspected);
    return binding ? [...sections, binding] : sections;
  }

  async dpopProof(
    tokens: StoredTokens,
    accessToken: string,
    method: string,
    url: URL,
  ): Promise<string> {
    const proof = await freshProof(
      await this.configuration(),
      { ...tokens, accessToken },
      method,
      url,
    );
    if (!proof) {
      throw new AppError(
        'UNSUPPORTED',
        'This account’s token is not DPoP-bound; it needs no proof.',
      );
    }
    return proof;
  }

  /** A service account's subject is this app's own key for it, not a user the provider knows. */
  private expectedSubject(account: AccountRecord): string | typeof client.skipSubjectCheck {
    return account.subject && account.signInMethod !== 'client-credentials'
      ? account.subject
      : openIdClient().skipSubjectCheck;
  }

  /** One live inspect section; a failure becomes that section's error, not the whole view's. */
  protected async section(
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

  /**
   * ID tokens often carry only `sub`; when UserInfo is available, ask it for a friendlier
   * account name (email, username). Best effort: a failure keeps the name from the token.
   */
  private async withUserInfoLabel(
    config: client.Configuration,
    grant: TokenGrant,
  ): Promise<TokenGrant> {
    // Asked only when the ID token names no person (no email, user name…), by its claims.
    const idClaims = grant.tokens.idToken
      ? decodeJwtUnverified(grant.tokens.idToken)?.claims
      : undefined;
    if (!this.provider.endpoints.userinfo || personalNameFromClaims(idClaims)) return grant;
    try {
      const info = await openIdClient().fetchUserInfo(
        config,
        grant.tokens.accessToken,
        grant.subject ?? openIdClient().skipSubjectCheck,
        await dpopForToken(config, grant.tokens),
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

  /**
   * Checks the signature of the ID token a response carries against the provider's published
   * keys (openid-client checks its claims, not its signature), then normalizes the response.
   * Providers configured without discovery publish no keys; their ID tokens stay unchecked
   * and the inspect view says so.
   */
  private async verifiedGrant(
    response: TokenResponse,
    previous: StoredTokens | undefined,
    dpopKey?: StoredKeyPair,
  ): Promise<TokenGrant> {
    if (response.id_token && this.provider.kind === 'oidc')
      await (await this.signingKeys()).verify(response.id_token);
    return this.toGrant(response, previous, dpopKey);
  }

  async checkIdTokenSignature(idToken: string): Promise<SignatureCheck | null> {
    if (this.provider.kind !== 'oidc') return null;
    return (await this.signingKeys()).verify(idToken);
  }

  /**
   * Normalizes a token response; on refresh, keeps what the provider did not resend. With
   * DPoP, the key the request was proven with stays with the tokens.
   */
  private toGrant(
    response: TokenResponse,
    previous: StoredTokens | undefined,
    dpopKey?: StoredKeyPair,
  ): TokenGrant {
    const receivedAt = this.now();
    const tokens: StoredTokens = {
      accessToken: response.access_token,
      tokenType: response.token_type ?? 'bearer',
    };
    const refreshToken = response.refresh_token ?? previous?.refreshToken;
    if (refreshToken) tokens.refreshToken = refreshToken;
    const idToken = response.id_token ?? previous?.idToken;
    if (idToken) tokens.idToken = idToken;
    const key = dpopKey ?? previous?.dpopKey;
    if (key) tokens.dpopKey = key;

    const expiresIn = response.expiresIn();
    const grant: TokenGrant = {
      tokens,
      expiresAt:
        expiresIn !== undefined
          ? receivedAt + expiresIn * 1000
          : expiryFromJwt(response.access_token),
      scopes: grantedScopes(response.scope),
    };
    const refreshExpiresAt = refreshExpiryFromResponse(response, receivedAt);
    if (refreshExpiresAt !== undefined) grant.refreshExpiresAt = refreshExpiresAt;
    const claims = response.claims();
    if (claims?.sub) grant.subject = claims.sub;
    const label = labelFromClaims(claims);
    if (label) grant.label = label;
    if (isDpopBound(response.token_type)) grant.tokenBinding = 'dpop';
    return grant;
  }
}

/** Device-flow endings in the user's words (RFC 8628 §3.5). */
function deviceError(err: unknown, providerName: string): AppError {
  const error = toAppError(err, providerName);
  const oauthError = (err as { error?: unknown }).error;
  if (oauthError === 'expired_token') return codeExpired(error.providerMessage);
  if (oauthError === 'access_denied') {
    return new AppError('PROVIDER_ERROR', `The sign-in was denied at ${providerName}.`, {
      ...(error.providerMessage ? { providerMessage: error.providerMessage } : {}),
    });
  }
  return error;
}

function codeExpired(providerMessage?: string): AppError {
  return new AppError(
    'SIGN_IN_TIMEOUT',
    'The code expired before it was approved. Start the sign-in again.',
    providerMessage ? { providerMessage } : {},
  );
}
