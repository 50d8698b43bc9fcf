import type {
  ClientAuthMethod,
  ProviderInput,
  ProviderNetworkSettings,
} from '../../../contract/domain.ts';
import { AppError } from '../errors.ts';
import type { NetworkProfile } from '../http/network-profile.ts';
import type { ProviderConfig, ProviderCredentials } from '../model.ts';
import { generateKeyPair, importKeyPair } from './client-keys.ts';
import { checkClientCertificate, parseCertificate, splitCertificates } from './tls-client.ts';

export const DEFAULT_NETWORK: ProviderNetworkSettings = {
  proxy: 'system',
  proxyUrl: null,
  proxyUsername: null,
  extraCaCertificates: [],
};

/** Client authentication with a certificate (RFC 8705). */
export function usesClientCertificate(method: ClientAuthMethod): boolean {
  return method === 'tls_client_auth' || method === 'self_signed_tls_client_auth';
}

/** The provider fields and vault secrets of key-based authentication, proxy and trust. */
export interface ResolvedCredentials {
  fields: Pick<ProviderConfig, 'network' | 'clientPublicJwk' | 'tlsClientCertificatePem' | 'dpop'>;
  credentials: ProviderCredentials;
}

/**
 * Validates the network, key and certificate parts of a provider form and decides what to
 * store: new secrets typed now, or the stored ones carried over when the form left them out.
 */
export async function resolveCredentials(
  input: ProviderInput,
  existing: { provider: ProviderConfig; credentials: ProviderCredentials } | undefined,
  /** Whether the kind offers key-based authentication and DPoP (its form's `strictClient`). */
  strictClient: boolean,
): Promise<ResolvedCredentials> {
  const standard = strictClient;
  const network = networkSettings(input);
  const credentials: ProviderCredentials = {};
  if (network.proxy === 'url' && network.proxyUsername) {
    const typed = input.network?.proxyPassword;
    const password = typed ?? existing?.credentials.proxyPassword;
    if (password) credentials.proxyPassword = password;
  }
  const fields: ResolvedCredentials['fields'] = {
    network,
    clientPublicJwk: null,
    tlsClientCertificatePem: null,
    dpop: standard && input.dpop === true,
  };

  if (input.clientAuth === 'private_key_jwt') {
    if (!standard) throw notForKind();
    const keep =
      !input.clientKey &&
      existing?.credentials.clientPrivateJwk &&
      existing.provider.clientPublicJwk
        ? {
            privateJwk: existing.credentials.clientPrivateJwk,
            publicJwk: existing.provider.clientPublicJwk,
          }
        : undefined;
    const pair =
      keep ??
      (input.clientKey && 'importKey' in input.clientKey
        ? await importKeyPair(input.clientKey.importKey)
        : await generateKeyPair());
    fields.clientPublicJwk = pair.publicJwk;
    credentials.clientPrivateJwk = pair.privateJwk;
  }

  if (usesClientCertificate(input.clientAuth)) {
    if (!standard) throw notForKind();
    const certificatePem =
      input.tlsClient?.certificatePem.trim() || existing?.provider.tlsClientCertificatePem;
    if (!certificatePem) {
      throw new AppError('INVALID_INPUT', 'Paste the client certificate (PEM) for mutual TLS.');
    }
    const sameCertificate = certificatePem === existing?.provider.tlsClientCertificatePem;
    const keyPem =
      input.tlsClient?.keyPem?.trim() ||
      (sameCertificate ? existing?.credentials.tlsClientKeyPem : undefined);
    if (!keyPem) {
      throw new AppError('INVALID_INPUT', 'Paste the private key (PEM) of the client certificate.');
    }
    checkClientCertificate(certificatePem, keyPem);
    fields.tlsClientCertificatePem = `${certificatePem.trim()}\n`;
    credentials.tlsClientKeyPem = keyPem;
  }
  return { fields, credentials };
}

function notForKind(): AppError {
  return new AppError(
    'INVALID_INPUT',
    'Key-based client authentication is available for OpenID Connect and OAuth 2.0 providers.',
  );
}

function networkSettings(input: ProviderInput): ProviderNetworkSettings {
  const network = input.network;
  if (!network) return DEFAULT_NETWORK;
  const extraCaCertificates = (network.extraCaCertificates ?? []).flatMap((text) =>
    splitCertificates(text, 'A trusted CA certificate'),
  );
  if (network.proxy !== 'url') {
    return { proxy: network.proxy, proxyUrl: null, proxyUsername: null, extraCaCertificates };
  }
  const raw = network.proxyUrl?.trim() ?? '';
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    throw new AppError('INVALID_INPUT', 'Enter the proxy as http://host:port.');
  }
  if (!['http:', 'https:'].includes(url.protocol) || !url.hostname) {
    throw new AppError(
      'INVALID_INPUT',
      'The proxy must be an http:// or https:// URL (host and port).',
    );
  }
  if (url.username || url.password) {
    throw new AppError(
      'INVALID_INPUT',
      'Put the proxy user name and password in their own fields, not in the URL (the password is kept in the vault).',
    );
  }
  return {
    proxy: 'url',
    proxyUrl: `${url.protocol}//${url.host}`,
    proxyUsername: network.proxyUsername?.trim() || null,
    extraCaCertificates,
  };
}

/** The network profile a provider's calls use, from its settings and its vault secrets. */
export function networkProfileFor(
  provider: ProviderConfig,
  credentials: ProviderCredentials | undefined,
): NetworkProfile {
  const network = provider.network ?? DEFAULT_NETWORK;
  const profile: NetworkProfile = {
    proxy: network.proxy,
    extraCaCertificates: network.extraCaCertificates,
  };
  if (network.proxy === 'url' && network.proxyUrl) {
    profile.proxyUrl = network.proxyUrl;
    if (network.proxyUsername) profile.proxyUsername = network.proxyUsername;
    if (credentials?.proxyPassword) profile.proxyPassword = credentials.proxyPassword;
  }
  if (
    usesClientCertificate(provider.clientAuth) &&
    provider.tlsClientCertificatePem &&
    credentials?.tlsClientKeyPem
  ) {
    profile.clientCertificate = {
      certPem: provider.tlsClientCertificatePem,
      keyPem: credentials.tlsClientKeyPem,
    };
  }
  return profile;
}

/** The client certificate's subject and fingerprint, for the provider summary. */
export { parseCertificate };
