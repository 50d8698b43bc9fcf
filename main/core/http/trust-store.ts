import tls from 'node:tls';

let defaults: readonly string[] | undefined;

/**
 * The certificate authorities every provider call trusts: the operating system's store (the
 * company CA an administrator installed) and the roots bundled with Node, plus those named by
 * NODE_EXTRA_CA_CERTS. Node 22.15+ (and Electron 45's Node) reads the OS store through
 * `tls.getCACertificates('system')`: the Windows store, the macOS keychain, and OpenSSL's
 * default locations on Linux. Read once per run: reading the OS store is slow on some systems.
 */
export function defaultTrustedCertificates(): readonly string[] {
  if (defaults) return defaults;
  const read = (type: 'default' | 'system' | 'bundled' | 'extra'): string[] => {
    try {
      return tls.getCACertificates(type);
    } catch {
      return type === 'bundled' ? [...tls.rootCertificates] : [];
    }
  };
  defaults = [...new Set([...read('bundled'), ...read('extra'), ...read('system')])];
  return defaults;
}

/** What a provider's calls trust: the defaults plus its own extra CA certificates. */
export function trustedCertificatesFor(extra: readonly string[]): readonly string[] {
  return extra.length ? [...defaultTrustedCertificates(), ...extra] : defaultTrustedCertificates();
}
