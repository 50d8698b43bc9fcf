import type { ProviderConfig } from './model.ts';

/**
 * Where a secret came from and may go back to: the issuer and token endpoint it was issued by,
 * and the origins of every endpoint of that provider (token, revocation, introspection,
 * userinfo, device authorization, authorization; the API base URL of PeerID, PlaceOS and Pi).
 * Stored with each sealed record and authenticated with it (RFC 9700 §4.13: a refresh token or
 * client secret must only ever be sent to the server it was issued for).
 */
export interface SecretBinding {
  issuer: string | null;
  tokenEndpoint: string | null;
  /** Sorted, without duplicates: `https://host[:port]`. */
  origins: string[];
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The binding a secret issued by (or entered for) `provider` as it is configured now gets. */
export function bindingFor(
  provider: Pick<ProviderConfig, 'issuer' | 'baseUrl' | 'endpoints' | 'mtlsAliases'>,
): SecretBinding {
  const urls = [
    provider.issuer,
    provider.baseUrl,
    ...Object.values(provider.endpoints).filter((url): url is string => typeof url === 'string'),
    // Mutual TLS sends the token requests to the aliases (RFC 8705 §5).
    ...Object.values(provider.mtlsAliases ?? {}),
  ];
  const origins = new Set<string>();
  for (const url of urls) {
    const origin = url ? originOf(url) : undefined;
    if (origin) origins.add(origin);
  }
  return {
    issuer: provider.issuer,
    tokenEndpoint: provider.endpoints.token ?? null,
    origins: [...origins].sort(),
  };
}

/** The one text form of a binding that is authenticated with its record. */
export function canonicalBinding(binding: SecretBinding | null): string {
  return binding === null
    ? 'unbound'
    : JSON.stringify([binding.issuer, binding.tokenEndpoint, [...binding.origins].sort()]);
}

export function sameBinding(a: SecretBinding | null, b: SecretBinding | null): boolean {
  return canonicalBinding(a) === canonicalBinding(b);
}

/**
 * What moved between the binding a secret has and where the provider points now, in words:
 * "the token endpoint moved from https://a to https://b". Undefined when nothing moved.
 */
export function describeMove(from: SecretBinding | null, to: SecretBinding): string | undefined {
  if (sameBinding(from, to)) return undefined;
  if (from === null) return 'it was stored before the app recorded where secrets may be sent';
  if (from.issuer !== to.issuer) {
    return `the issuer changed from ${from.issuer ?? 'none'} to ${to.issuer ?? 'none'}`;
  }
  if (from.tokenEndpoint !== to.tokenEndpoint) {
    return `the token endpoint moved from ${from.tokenEndpoint ?? 'none'} to ${to.tokenEndpoint ?? 'none'}`;
  }
  const added = to.origins.filter((origin) => !from.origins.includes(origin));
  if (added.length) return `the provider now also points at ${added.join(', ')}`;
  return `the provider no longer points at ${from.origins.filter((o) => !to.origins.includes(o)).join(', ')}`;
}
