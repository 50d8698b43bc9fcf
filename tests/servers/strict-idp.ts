/**
 * A "strict" OpenID provider for tests: the certified `oidc-provider` on HTTPS under a real
 * name (`idp.test`, resolved to 127.0.0.1 by the test's host map), with a certificate from a
 * test CA, and the client authentication and sender constraints strict providers require:
 *
 * - `private_key_jwt` (RFC 7523) and `self_signed_tls_client_auth`: clients registered at run
 *   time through dynamic registration (RFC 7591) with the public key the app shows;
 * - `tls_client_auth` (RFC 8705) with certificate-bound access tokens: a second TLS listener
 *   that requests client certificates, published as `mtls_endpoint_aliases`;
 * - DPoP (RFC 9449), optionally requiring server nonces, for a public client that must use it.
 *
 * Headless login works as in oidc-idp.ts (the `x-test-account` header on the interaction page).
 */
import { X509Certificate, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type ClientMetadata, type KoaContextWithOIDC } from 'oidc-provider';
import { Agent, fetch as undiciFetch } from 'undici';
import { registerTokenResponse } from '../support/leak-detector.ts';
import {
  CUSTOM_SCHEME_REDIRECT,
  NATIVE_CLIENT_ID,
  TEST_ACCOUNT_HEADER,
  finishInteraction,
} from './oidc-idp.ts';
import type { TestCa } from './test-pki.ts';

export const STRICT_HOST = 'idp.test';
/** A public client that must prove possession of a DPoP key. */
export const DPOP_CLIENT_ID = 'token-desk-dpop';
/** A client authenticating with a certificate from the test CA, subject `CN=<this>`. */
export const MTLS_CLIENT_ID = 'token-desk-mtls';
export const MTLS_CLIENT_SUBJECT = 'token-desk-client';

export interface StrictIdp {
  issuer: string;
  /** `idp.test:<port>` → port, for the app's and the proxy's host maps. */
  hosts: Record<string, string>;
  provider: Provider;
  /** Registers a client (RFC 7591) and returns its `client_id`. */
  register(metadata: Record<string, unknown>): Promise<string>;
  /** Every token endpoint request: which listener, whether a DPoP proof or client cert came. */
  tokenRequests: {
    grantType: string;
    mtls: boolean;
    dpop: boolean;
    clientCert: boolean;
    /** The OAuth error answered, if any (`use_dpop_nonce` when a nonce was asked for). */
    error?: string;
  }[];
  /** A dispatcher for the test's own "browser": trusts the test CA, resolves idp.test locally. */
  browserAgent: Agent;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export async function startStrictIdp(options: {
  ca: TestCa;
  /** Require a server-issued DPoP nonce on every proof (RFC 9449 §8). */
  requireDpopNonce?: boolean;
  /** Serve this certificate instead of one from `ca` (expired, other host…). */
  serverCertificate?: { certPem: string; keyPem: string; chainPem: string };
}): Promise<StrictIdp> {
  const server = options.serverCertificate ?? (await options.ca.issueServer([STRICT_HOST]));
  const tls = { cert: server.chainPem, key: server.keyPem };
  const main = createServer(tls);
  const mtls = createServer({
    ...tls,
    requestCert: true,
    rejectUnauthorized: false,
    ca: [options.ca.certPem],
  });
  const [port, mtlsPort] = [await listen(main), await listen(mtls)];
  const issuer = `https://${STRICT_HOST}:${port}`;
  const mtlsOrigin = `https://${STRICT_HOST}:${mtlsPort}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = {
    ...(await exportJWK(privateKey)),
    kid: 'strict-key',
    alg: 'RS256',
    use: 'sig',
  };
  const redirectUris = ['http://127.0.0.1/callback', CUSTOM_SCHEME_REDIRECT];
  const grantTypes = ['authorization_code', 'refresh_token', 'client_credentials'];
  const clients: ClientMetadata[] = [
    {
      client_id: NATIVE_CLIENT_ID,
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
    {
      client_id: DPOP_CLIENT_ID,
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      dpop_bound_access_tokens: true,
    },
    {
      client_id: MTLS_CLIENT_ID,
      application_type: 'native',
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: `CN=${MTLS_CLIENT_SUBJECT}`,
      tls_client_certificate_bound_access_tokens: true,
      redirect_uris: redirectUris,
      grant_types: grantTypes,
      response_types: ['code'],
    },
  ];
  const peerCertificate = (ctx: KoaContextWithOIDC): X509Certificate | undefined => {
    const socket = ctx.req.socket as TLSSocket;
    const raw = socket.getPeerCertificate?.()?.raw;
    return raw ? new X509Certificate(raw) : undefined;
  };

  const provider = new Provider(issuer, {
    clients,
    jwks: { keys: [signingKey] },
    cookies: { keys: ['token-desk-strict-cookie-key'] },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    claims: { openid: ['sub'], email: ['email'] },
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => ({ sub, email: `${sub}@example.test` }) };
    },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    clientAuthMethods: [
      'none',
      'private_key_jwt',
      'tls_client_auth',
      'self_signed_tls_client_auth',
    ],
    discovery: {
      mtls_endpoint_aliases: {
        token_endpoint: `${mtlsOrigin}/token`,
        revocation_endpoint: `${mtlsOrigin}/token/revocation`,
        introspection_endpoint: `${mtlsOrigin}/token/introspection`,
        userinfo_endpoint: `${mtlsOrigin}/me`,
      },
    },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      clientCredentials: { enabled: true },
      dPoP: {
        enabled: true,
        nonceSecret: randomBytes(32),
        requireNonce: () => options.requireDpopNonce === true,
      },
      mTLS: {
        enabled: true,
        certificateBoundAccessTokens: true,
        tlsClientAuth: true,
        selfSignedTlsClientAuth: true,
        getCertificate: (ctx) => peerCertificate(ctx),
        certificateAuthorized: (ctx) => (ctx.req.socket as TLSSocket).authorized === true,
        certificateSubjectMatches: (ctx, property, expected) =>
          property === 'tls_client_auth_subject_dn' &&
          peerCertificate(ctx)?.subject.replace(/\n/g, ', ') === expected.replace(/^CN=/, 'CN='),
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: 3600,
      IdToken: 3600,
      RefreshToken: 24 * 3600,
      Grant: 24 * 3600,
      Session: 3600,
      Interaction: 3600,
      AuthorizationCode: 60,
      ClientCredentials: 600,
    },
  });
  provider.proxy = false;

  const tokenRequests: StrictIdp['tokenRequests'] = [];
  provider.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === '/token') {
      const socket = ctx.req.socket as TLSSocket;
      tokenRequests.push({
        grantType: '',
        mtls: socket.localPort === mtlsPort,
        dpop: Boolean(ctx.get('dpop')),
        clientCert: Boolean(socket.getPeerCertificate?.()?.raw),
      });
    }
    await next();
    if (ctx.path === '/token') {
      const last = tokenRequests.at(-1);
      const params = (ctx.oidc as { params?: Record<string, unknown> } | undefined)?.params;
      if (last && typeof params?.['grant_type'] === 'string') last.grantType = params['grant_type'];
      const error = (ctx.body as { error?: unknown } | undefined)?.error;
      if (last && typeof error === 'string') last.error = error;
      registerTokenResponse(ctx.body);
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
  main.on('request', (req, res) => void handle(req, res));
  mtls.on('request', (req, res) => void handle(req, res));

  const browserAgent = new Agent({
    connect: {
      ca: [options.ca.certPem],
      lookup: (_host, opts, cb) =>
        (opts as { all?: boolean }).all
          ? (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
              { address: '127.0.0.1', family: 4 },
            ])
          : cb(null, '127.0.0.1', 4),
    },
  });

  return {
    issuer,
    hosts: {
      [`${STRICT_HOST}:${port}`]: String(port),
      [`${STRICT_HOST}:${mtlsPort}`]: String(mtlsPort),
    },
    provider,
    tokenRequests,
    browserAgent,
    async register(metadata) {
      const res = await undiciFetch(`${issuer}/reg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          application_type: 'native',
          redirect_uris: redirectUris,
          grant_types: grantTypes,
          response_types: ['code'],
          ...metadata,
        }),
        dispatcher: browserAgent,
      });
      const body = (await res.json()) as { client_id?: string; error_description?: string };
      if (!body.client_id) throw new Error(`registration failed: ${JSON.stringify(body)}`);
      return body.client_id;
    },
    async close() {
      await browserAgent.close();
      await Promise.all(
        [main, mtls].map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}

/** The public JWK with its certificate (`x5c`), to register a self-signed client certificate. */
export function jwkWithCertificate(publicJwk: JWK, certPem: string): JWK {
  const der = new X509Certificate(certPem).raw.toString('base64');
  return { ...publicJwk, x5c: [der] };
}
