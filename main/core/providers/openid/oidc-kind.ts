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
  },
  presets: OIDC_PRESETS,
  configure(input, base) {
    if (!input.issuer?.trim()) throw new AppError('INVALID_INPUT', 'Enter the issuer URL.');
    return { ...base, issuer: parseProviderUrl(input.issuer, 'The issuer URL').href };
  },
  async discover(draft, timeoutSeconds) {
    // Discovery sends no client secret; the secret is chosen once the endpoints are known.
    const config = await createConfiguration(draft, undefined, timeoutSeconds);
    const metadata = config.serverMetadata();
    return {
      ...draft,
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
