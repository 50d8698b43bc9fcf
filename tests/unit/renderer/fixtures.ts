import type {
  AccountSummary,
  ProviderSummary,
  SignInMethod,
  SignInOption,
} from '../../../contract/domain.ts';

/** A provider summary as main sends it, offering `signIn`. */
export function provider(
  signIn: SignInOption[],
  over: Partial<ProviderSummary> = {},
): ProviderSummary {
  return {
    id: 'p1',
    kind: 'oidc',
    name: 'Example IdP',
    issuer: 'https://idp.example.com',
    baseUrl: null,
    endpoints: {},
    clientId: 'desk-client',
    hasClientSecret: false,
    clientAuth: 'none',
    scopes: ['openid'],
    authParams: {},
    tokenParams: {},
    redirectKind: 'loopback',
    capabilities: {
      signIn,
      refresh: { available: true },
      revoke: { available: true },
      introspection: false,
      userinfo: true,
      notes: [],
    },
    redirectUriHint: 'http://127.0.0.1/callback',
    network: { proxy: 'system', proxyUrl: null, proxyUsername: null, extraCaCertificates: [] },
    hasProxyPassword: false,
    dpop: false,
    ...over,
  };
}

export const offered = (method: SignInMethod): SignInOption => ({ method, available: true });
export const refused = (method: SignInMethod, reason: string): SignInOption => ({
  method,
  available: false,
  reason,
});

export function account(signInMethod: SignInMethod): AccountSummary {
  return {
    id: 'a1',
    providerId: 'p1',
    providerName: 'Example IdP',
    label: 'alice@example.com',
    subject: 'alice',
    scopes: ['openid'],
    expiresAt: null,
    signInNeededBy: null,
    issuedAt: 0,
    lastRefreshedAt: null,
    status: 'active',
    statusMessage: null,
    signInMethod,
    hasRefreshToken: true,
    hasIdToken: true,
    tokenBinding: null,
    refreshKind: 'refresh',
    refreshLabel: 'Refresh',
    scripting: { shortName: 'alice', access: 'never', gitHosts: [] },
    actions: {
      refresh: { available: true },
      revoke: { available: true },
      inspect: { available: true },
      copy: { available: true },
    },
  };
}
