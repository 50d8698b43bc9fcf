import type { ProviderPreset } from '../../../../contract/domain.ts';
import { CLIENT_ID, CLIENT_SECRET } from '../preset-fields.ts';

/** Where `npm run demo` serves its OpenID provider, and the public client registered there. */
export const DEMO_ISSUER = 'http://127.0.0.1:4455';
export const DEMO_CLIENT_ID = 'token-desk-demo';

/** The id of the "Local demo provider" preset, offered only where a demo provider can run. */
export const DEMO_PRESET_ID = 'demo';

const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/** OpenID Connect servers found by discovery. */
export const OIDC_PRESETS: ProviderPreset[] = [
  {
    id: DEMO_PRESET_ID,
    name: 'Local demo provider',
    description:
      'The OpenID provider started by `npm run demo` on this machine. Any user name and password sign in.',
    input: {
      kind: 'oidc',
      name: 'Demo provider',
      issuer: DEMO_ISSUER,
      clientId: DEMO_CLIENT_ID,
      clientAuth: 'none',
      scopes: OIDC_SCOPES,
      authParams: { prompt: 'consent' },
      redirectKind: 'loopback',
    },
    fields: [],
  },
  {
    id: 'google',
    name: 'Google',
    description:
      'OpenID Connect with a "Desktop app" OAuth client. Google desktop clients come with a secret that is not confidential; refresh tokens need access_type=offline.',
    input: {
      kind: 'oidc',
      name: 'Google',
      issuer: 'https://accounts.google.com',
      clientId: '{clientId}',
      clientSecret: '{clientSecret}',
      clientAuth: 'client_secret_post',
      scopes: ['openid', 'email', 'profile'],
      authParams: { access_type: 'offline', prompt: 'consent' },
      redirectKind: 'loopback',
    },
    fields: [CLIENT_ID, CLIENT_SECRET],
    docsUrl: 'https://developers.google.com/identity/protocols/oauth2/native-app',
  },
  {
    id: 'entra',
    name: 'Microsoft Entra ID',
    description:
      'A public client ("Mobile and desktop applications" platform) with http://127.0.0.1 as redirect URI. Entra has no revocation endpoint.',
    input: {
      kind: 'oidc',
      name: 'Microsoft Entra ID',
      issuer: 'https://login.microsoftonline.com/{tenant}/v2.0',
      clientId: '{clientId}',
      clientAuth: 'none',
      scopes: OIDC_SCOPES,
      authParams: {},
      redirectKind: 'loopback',
    },
    fields: [
      {
        key: 'tenant',
        label: 'Tenant',
        hint: 'Directory (tenant) ID or domain, or "organizations".',
        placeholder: 'contoso.onmicrosoft.com',
      },
      CLIENT_ID,
    ],
    docsUrl: 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow',
  },
  {
    id: 'gitlab',
    name: 'GitLab',
    description:
      'OpenID Connect with a non-confidential application (PKCE). Works for gitlab.com and self-managed instances.',
    input: {
      kind: 'oidc',
      name: 'GitLab',
      issuer: '{instance}',
      clientId: '{clientId}',
      clientAuth: 'none',
      scopes: ['openid', 'profile', 'email', 'read_user'],
      authParams: {},
      redirectKind: 'loopback',
    },
    fields: [
      { key: 'instance', label: 'Instance URL', defaultValue: 'https://gitlab.com' },
      CLIENT_ID,
    ],
    docsUrl: 'https://docs.gitlab.com/integration/openid_connect_provider/',
  },
  {
    id: 'auth0',
    name: 'Auth0',
    description:
      'A "Native" application. Set the API audience to get an access token for your API.',
    input: {
      kind: 'oidc',
      name: 'Auth0',
      issuer: 'https://{domain}/',
      clientId: '{clientId}',
      clientAuth: 'none',
      scopes: OIDC_SCOPES,
      authParams: { audience: '{audience}' },
      tokenParams: { audience: '{audience}' },
      redirectKind: 'loopback',
    },
    fields: [
      { key: 'domain', label: 'Domain', placeholder: 'your-tenant.eu.auth0.com' },
      CLIENT_ID,
      {
        key: 'audience',
        label: 'API audience',
        optional: true,
        placeholder: 'https://api.example.com',
      },
    ],
    docsUrl:
      'https://auth0.com/docs/get-started/authentication-and-authorization-flow/authorization-code-flow-with-pkce',
  },
  {
    id: 'okta',
    name: 'Okta',
    description: 'A "Native" app integration on the default custom authorization server.',
    input: {
      kind: 'oidc',
      name: 'Okta',
      issuer: 'https://{domain}/oauth2/default',
      clientId: '{clientId}',
      clientAuth: 'none',
      scopes: OIDC_SCOPES,
      authParams: {},
      redirectKind: 'loopback',
    },
    fields: [
      { key: 'domain', label: 'Okta domain', placeholder: 'dev-123456.okta.com' },
      CLIENT_ID,
    ],
    docsUrl: 'https://developer.okta.com/docs/guides/implement-grant-type/authcodepkce/main/',
  },
  {
    id: 'keycloak',
    name: 'Keycloak',
    description: 'A public client with "Standard flow" (and optionally the device grant) enabled.',
    input: {
      kind: 'oidc',
      name: 'Keycloak',
      issuer: '{server}/realms/{realm}',
      clientId: '{clientId}',
      clientAuth: 'none',
      scopes: OIDC_SCOPES,
      authParams: {},
      redirectKind: 'loopback',
    },
    fields: [
      { key: 'server', label: 'Server URL', placeholder: 'https://keycloak.example.com' },
      { key: 'realm', label: 'Realm', placeholder: 'master' },
      CLIENT_ID,
    ],
    docsUrl: 'https://www.keycloak.org/docs/latest/server_admin/#_oidc_clients',
  },
];

/** OAuth 2.0 servers without discovery. */
export const OAUTH2_PRESETS: ProviderPreset[] = [
  {
    id: 'github',
    name: 'GitHub (OAuth app)',
    description:
      'OAuth 2.0 without OpenID Connect. The device flow works with the client ID alone (enable it in the app settings); browser sign-in also needs the client secret.',
    input: {
      kind: 'oauth2',
      name: 'GitHub',
      endpoints: {
        authorization: 'https://github.com/login/oauth/authorize',
        token: 'https://github.com/login/oauth/access_token',
        deviceAuthorization: 'https://github.com/login/device/code',
      },
      clientId: '{clientId}',
      clientAuth: 'none',
      scopes: ['read:user'],
      authParams: {},
      redirectKind: 'loopback',
    },
    fields: [CLIENT_ID],
    docsUrl: 'https://docs.github.com/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps',
  },
];
