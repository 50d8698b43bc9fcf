import type { ProviderKindForm } from '../../contract/domain.ts';

/**
 * What main's provider registry sends over `providers:kinds`, for the renderer's unit tests
 * (which run without main). tests/integration/provider-registry.test.ts checks it still matches.
 */
export const KIND_FORMS: ProviderKindForm[] = [
  {
    kind: 'oidc',
    label: 'OpenID Connect',
    detail: 'By discovery',
    server: {
      field: 'issuer',
    },
    client: {
      registration: 'required',
      idLabel: 'Client ID',
      idHint: 'As registered at the provider.',
      numericId: false,
      secret: 'by-auth-method',
      noun: 'client',
    },
    oauth: {
      defaultScopes: 'openid profile email offline_access',
      scopesPlaceholder: 'openid profile email offline_access',
      offlineAccessHint: true,
    },
    redirect: {
      implicitNeedsLoopback: false,
    },
    strictClient: true,
  },
  {
    kind: 'oauth2',
    label: 'OAuth 2.0',
    detail: 'Endpoints by hand',
    server: {
      field: 'endpoints',
    },
    client: {
      registration: 'required',
      idLabel: 'Client ID',
      idHint: 'As registered at the provider.',
      numericId: false,
      secret: 'by-auth-method',
      noun: 'client',
    },
    oauth: {
      defaultScopes: '',
      scopesPlaceholder: 'openid profile email offline_access',
      offlineAccessHint: false,
    },
    redirect: {
      implicitNeedsLoopback: true,
    },
    strictClient: true,
  },
  {
    kind: 'peerid',
    label: 'PeerID',
    detail: 'Peerplays',
    server: {
      field: 'baseUrl',
      label: 'PeerID URL',
      hint: 'The PeerID service. Change it only for a test or self-hosted instance.',
      placeholder: 'https://peerid.example.com',
      defaultValue: 'https://peerid.peerplays.download',
    },
    client: {
      registration: 'required',
      idLabel: 'App ID',
      idHint: 'The numeric id of your PeerID app.',
      numericId: true,
      secret: 'optional',
      secretHint:
        'Needed to refresh tokens and for browser sign-in. Without it, accounts sign in with a password, and again when the token expires.',
      noun: 'app',
    },
    oauth: null,
    redirect: {
      note: 'Used only by the browser sign-in, which needs the client secret. PeerID redirects only to domains registered for your app.',
      implicitNeedsLoopback: false,
    },
  },
  {
    kind: 'placeos',
    label: 'PlaceOS',
    detail: 'Your domain',
    server: {
      field: 'baseUrl',
      label: 'PlaceOS URL',
      hint: 'Your PlaceOS domain. The OAuth endpoints are derived from it (/auth/oauth/…).',
      placeholder: 'https://placeos.example.com',
    },
    client: {
      registration: 'required',
      idLabel: 'Client ID',
      idHint: 'As registered at the provider.',
      numericId: false,
      secret: 'by-auth-method',
      noun: 'client',
    },
    oauth: {
      defaultScopes: 'public',
      scopesPlaceholder: 'public',
      offlineAccessHint: false,
    },
    redirect: {
      implicitNeedsLoopback: true,
    },
  },
  {
    kind: 'pi',
    label: 'Pi Network',
    detail: 'Pasted tokens',
    server: {
      field: 'baseUrl',
      label: 'Pi API URL',
      hint: 'Pi Network’s platform API. Change it only for a test server.',
      placeholder: 'https://api.example.com',
      defaultValue: 'https://api.minepi.com',
    },
    client: {
      registration: 'none',
      note: 'Pi Network needs no client ID or secret here. Accounts are added by pasting an access token your app got from `Pi.authenticate` in the Pi Browser; Token Desk verifies each one with Pi.',
    },
    oauth: null,
    redirect: null,
  },
];
