import type * as client from 'openid-client';
import { loadOpenIdClient } from '../providers/openid/openid-client.ts';
import { AppError } from '../errors.ts';
import type { ProviderConfig, ProviderCredentials } from '../model.ts';
import { signingKey } from './client-keys.ts';
import { usesClientCertificate } from './provider-credentials.ts';

/**
 * The openid-client authentication for a provider's client: none, a client secret (basic or
 * post), a signed assertion (private_key_jwt, RFC 7523: openid-client signs it with the key
 * kept in the vault), or the client certificate (RFC 8705: only `client_id` in the body; the
 * certificate is presented by the TLS connection, see the network profile).
 */
export async function clientAuthentication(
  provider: ProviderConfig,
  clientSecret: string | undefined,
  credentials: ProviderCredentials | undefined,
): Promise<client.ClientAuth> {
  const oidc = await loadOpenIdClient();
  switch (provider.clientAuth) {
    case 'client_secret_basic':
      return oidc.ClientSecretBasic(clientSecret);
    case 'client_secret_post':
      return oidc.ClientSecretPost(clientSecret);
    case 'none':
      return oidc.None();
    case 'private_key_jwt': {
      const privateJwk = credentials?.clientPrivateJwk;
      const publicJwk = provider.clientPublicJwk;
      if (!privateJwk || !publicJwk) throw missingKey(provider, 'private key');
      const key = await signingKey({ privateJwk, publicJwk });
      return oidc.PrivateKeyJwt({ key, kid: String(privateJwk.kid) });
    }
    case 'tls_client_auth':
    case 'self_signed_tls_client_auth':
      if (!credentials?.tlsClientKeyPem || !provider.tlsClientCertificatePem)
        throw missingKey(provider, 'client certificate key');
      return oidc.TlsClientAuth();
  }
}

/** Client metadata that follows from the authentication method. */
export function clientMetadataFor(provider: ProviderConfig): Partial<client.ClientMetadata> {
  return usesClientCertificate(provider.clientAuth) ? { use_mtls_endpoint_aliases: true } : {};
}

/** The mTLS endpoint aliases of a discovery document (RFC 8705 §5), for the secret binding. */
export function mtlsAliasesOf(config: client.Configuration): Record<string, string> | undefined {
  const aliases = config.serverMetadata().mtls_endpoint_aliases;
  if (!aliases) return undefined;
  const kept: Record<string, string> = {};
  for (const [name, url] of Object.entries(aliases)) if (typeof url === 'string') kept[name] = url;
  return Object.keys(kept).length ? kept : undefined;
}

function missingKey(provider: ProviderConfig, what: string): AppError {
  return new AppError(
    'REAUTH_REQUIRED',
    `The ${what} of ${provider.name} is not in the vault. Edit the provider and add it again.`,
  );
}
