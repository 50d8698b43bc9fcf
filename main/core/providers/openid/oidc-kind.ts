import { mtlsAliasesOf } from '../../client-auth/client-authentication.ts';
import { usesClientCertificate } from '../../client-auth/provider-credentials.ts';
import { AppError } from '../../errors.ts';
import { STANDARD_CLIENT } from '../kind-rules.ts';
import type { ProviderKindDefinition } from '../provider-kind.ts';
import { parseProviderUrl } from '../urls.ts';
import { OpenIdAdapter } from './openid-adapter.ts';
import { createConfiguration, endpointsOf } from './openid-configuration.ts';
import { OIDC_PRESETS } from './openid-presets.ts';

/** OpenID Connect: the issuer's discovery document supplies the endpoints. */
export const oidcKind: ProviderKindDefinition = {
  form: {
    kind: 'oidc',
    label: 'OpenID Connect',
    detail: 'By discovery',
    server: { field: 'issuer' },
    client: STANDARD_CLIENT,
    oauth: {
      defaultScopes: 'openid profile email offline_access',
      scopesPlaceholder: 'openid profile email offline_access',
      offlineAccessHint: true,
    },
    redirect: { implicitNeedsLoopback: false },
    strictClient: true,
  },
  presets: OIDC_PRESETS,
  configure(input, base) {
    if (!input.issuer?.trim()) throw new AppError('INVALID_INPUT', 'Enter the issuer URL.');
    return { ...base, issuer: parseProviderUrl(input.issuer, 'The issuer URL').href };
  },
  async discover(draft, timeoutSeconds, network) {
    // Discovery sends no client secret and no assertion; the client's authentication is set
    // up once the endpoints are known.
    const config = await createConfiguration(
      { ...draft, clientAuth: 'none' },
      undefined,
      timeoutSeconds,
      [],
      network ? { network } : {},
    );
    const metadata = config.serverMetadata();
    // Mutual TLS goes to the aliases (RFC 8705 §5): their origins join the secret binding.
    const aliases = usesClientCertificate(draft.clientAuth) ? mtlsAliasesOf(config) : undefined;
    return {
      ...draft,
      ...(aliases ? { mtlsAliases: aliases } : {}),
      // Keep the issuer exactly as the discovery document spells it (trailing slash and all).
      issuer: metadata.issuer,
      endpoints: endpointsOf(config),
      grantTypes: metadata.grant_types_supported ?? null,
    };
  },
  createAdapter: (provider, context) =>
    new OpenIdAdapter(provider, context.configuration, {
      timeoutSeconds: context.timeoutSeconds,
      now: context.now,
      signingKeys: context.signingKeys,
    }),
};
