/**
 * The OpenID provider behind `npm run demo` and `npm run preview`: the certified
 * `oidc-provider` on 127.0.0.1, configured like a typical real IdP for a native app (public
 * client, PKCE required, refresh tokens that rotate, revocation, introspection, userinfo,
 * device flow). Its own login and consent pages accept any user name and password.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import { CUSTOM_SCHEME, CUSTOM_SCHEME_CALLBACK_PATH } from '../main/core/app-core.ts';

export interface DemoProvider {
  issuer: string;
  close(): Promise<void>;
}

function claimsFor(sub: string): { sub: string } & Record<string, unknown> {
  return {
    sub,
    name: sub.charAt(0).toUpperCase() + sub.slice(1),
    preferred_username: sub,
    email: `${sub}@demo.invalid`,
    email_verified: false,
  };
}

/**
 * Starts the demo provider on 127.0.0.1 (port 0 picks a free one) with `clientId` registered
 * as a public native client: loopback redirects on any port and the app's private-use scheme.
 */
export async function startDemoProvider(port: number, clientId: string): Promise<DemoProvider> {
  // Listen first: the issuer URL must be known before the provider exists.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: [
          'http://127.0.0.1/callback',
          `${CUSTOM_SCHEME}:${CUSTOM_SCHEME_CALLBACK_PATH}`,
        ],
        grant_types: [
          'authorization_code',
          'refresh_token',
          'urn:ietf:params:oauth:grant-type:device_code',
        ],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'demo', alg: 'RS256', use: 'sig' }] },
    // A fresh key per run: sessions end with the process, like everything else here.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => claimsFor(sub) };
    },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      deviceFlow: { enabled: true },
    },
  };

  const provider = new Provider(issuer, configuration);
  const handle = provider.callback();
  server.on('request', (req, res) => void handle(req, res));
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
