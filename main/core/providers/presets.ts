import type { PresetField, ProviderPreset } from '../../../shared/domain.ts';
import { PEERID_DEFAULT_BASE_URL } from './peerid/peerid-api.ts';
import { PI_DEFAULT_BASE_URL } from './pi/pi-api.ts';

/** Where `npm run demo` serves its OpenID provider, and the public client registered there. */
export const DEMO_ISSUER = 'http://127.0.0.1:4455';
export const DEMO_CLIENT_ID = 'token-desk-demo';

const CLIENT_ID: PresetField = {
  key: 'clientId',
  label: 'Client ID',
  hint: 'From the app you registered at the provider.',
};
const CLIENT_SECRET: PresetField = { key: 'clientSecret', label: 'Client secret', secret: true };
const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/**
 * Whether to offer the "Local demo provider" preset: in development (`npm start` and `npm run
 * dev` run Electron's default app, which sets `process.defaultApp`) and on plain Node (tests,
 * `npm run preview`), but not in a packaged app, where no demo provider runs next to it.
 */
export function offersDemoProvider(
  runtime: { versions: NodeJS.ProcessVersions; defaultApp?: boolean } = process,
): boolean {
  return !runtime.versions['electron'] || runtime.defaultApp === true;
}

/**
 * One-click provider templates. `{key}` placeholders in `input` are replaced with the values
 * of the preset's `fields`; everything stays editable before saving.
 */
const ALL_PRESETS: ProviderPreset[] = [
  {
    id: 'demo',
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
  {
    id: 'peerid',
    name: 'PeerID (Peerplays)',
    description:
      'Password sign-in works everywhere. Browser sign-in and refresh need the app’s client secret; PeerID cannot revoke from an app.',
    input: {
      kind: 'peerid',
      name: 'PeerID',
      baseUrl: PEERID_DEFAULT_BASE_URL,
      clientId: '{clientId}',
      clientSecret: '{clientSecret}',
      clientAuth: 'client_secret_post',
      scopes: [],
      authParams: {},
      redirectKind: 'loopback',
    },
    fields: [
      { ...CLIENT_ID, hint: 'The numeric app id of your PeerID app.' },
      {
        ...CLIENT_SECRET,
        optional: true,
        hint: 'Needed to refresh tokens and for browser sign-in.',
      },
    ],
    docsUrl:
      'https://devs.peerplays.com/tools-and-integrations/peerid/1.0.0/development/authentication-with-peerid',
  },
  {
    id: 'placeos',
    name: 'PlaceOS',
    description:
      'Your PlaceOS domain and an application from Backoffice. Access tokens live 2 hours; revoking does not stop one already issued.',
    input: {
      kind: 'placeos',
      name: 'PlaceOS',
      baseUrl: '{url}',
      clientId: '{clientId}',
      clientAuth: 'none',
      scopes: ['public'],
      authParams: {},
      redirectKind: 'loopback',
    },
    fields: [
      { key: 'url', label: 'PlaceOS URL', placeholder: 'https://placeos.example.com' },
      CLIENT_ID,
    ],
    docsUrl: 'https://docs.placeos.com/tutorials/backend/authentication',
  },
  {
    id: 'pi',
    name: 'Pi Network',
    description:
      'No desktop sign-in exists: paste an access token obtained with Pi.authenticate in the Pi Browser; the app verifies it with /v2/me.',
    input: {
      kind: 'pi',
      name: 'Pi Network',
      baseUrl: PI_DEFAULT_BASE_URL,
      clientId: '',
      clientAuth: 'none',
      scopes: [],
      authParams: {},
      redirectKind: 'loopback',
    },
    fields: [],
    docsUrl: 'https://pi-apps.github.io/community-developer-guide/',
  },
];

/** The presets this app offers: all of them, but the demo only where {@link offersDemoProvider}. */
export const PROVIDER_PRESETS: ProviderPreset[] = ALL_PRESETS.filter(
  (preset) => preset.id !== 'demo' || offersDemoProvider(),
);
