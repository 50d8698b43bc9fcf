import type { ProviderPreset } from '../../../preload/api.ts';

/** Where `npm run demo` serves its OpenID provider, and the public client registered there. */
export const DEMO_ISSUER = 'http://127.0.0.1:4455';
export const DEMO_CLIENT_ID = 'token-desk-demo';

/** One-click provider templates. `{key}` placeholders are filled from each preset's fields. */
export const PROVIDER_PRESETS: ProviderPreset[] = [
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
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      authParams: { prompt: 'consent' },
      redirectKind: 'loopback',
    },
    fields: [],
  },
];
