import type { ProxyMode } from '../../../contract/domain.ts';

/**
 * How one provider's calls reach it: through which proxy, trusting which extra certificate
 * authorities, presenting which client certificate. Built from the provider's settings and
 * the secrets kept for it in the vault; never stored as such.
 */
export interface NetworkProfile {
  proxy: ProxyMode;
  /** For `proxy: 'url'`: `http://host:port` or `https://host:port`, without credentials. */
  proxyUrl?: string;
  proxyUsername?: string;
  proxyPassword?: string;
  /** PEM certificates trusted for this provider on top of the OS store and the bundled roots. */
  extraCaCertificates: readonly string[];
  /** Mutual TLS (RFC 8705): the certificate and key presented to the provider. */
  clientCertificate?: { certPem: string; keyPem: string };
}

/** No proxy override, no extra trust, no client certificate: what most providers use. */
export const SYSTEM_NETWORK: NetworkProfile = { proxy: 'system', extraCaCertificates: [] };
