import { AppError } from '../../errors.ts';
import type { ProviderConfig } from '../../model.ts';
import { STANDARD_CLIENT } from '../kind-rules.ts';
import type { ProviderKindDefinition } from '../provider-kind.ts';
import { parseProviderUrl } from '../urls.ts';
import { oidcKind } from './oidc-kind.ts';
import { OAUTH2_PRESETS } from './openid-presets.ts';

const ENDPOINT_LABELS = {
  authorization: 'The authorization endpoint',
  token: 'The token endpoint',
  revocation: 'The revocation endpoint',
  introspection: 'The introspection endpoint',
  userinfo: 'The userinfo endpoint',
  deviceAuthorization: 'The device authorization endpoint',
} as const;

/** OAuth 2.0 without discovery: the endpoints are typed by hand; the same adapter as OIDC. */
export const oauth2Kind: ProviderKindDefinition = {
  form: {
    kind: 'oauth2',
    label: 'OAuth 2.0',
    detail: 'Endpoints by hand',
    server: { field: 'endpoints' },
    client: STANDARD_CLIENT,
    oauth: {
      defaultScopes: '',
      scopesPlaceholder: 'openid profile email offline_access',
      offlineAccessHint: false,
    },
    strictClient: true,
    redirect: { implicitNeedsLoopback: true },
  },
  presets: OAUTH2_PRESETS,
  configure(input, base) {
    const endpoints: ProviderConfig['endpoints'] = {};
    for (const key of Object.keys(ENDPOINT_LABELS) as (keyof typeof ENDPOINT_LABELS)[]) {
      const value = input.endpoints?.[key]?.trim();
      if (value) endpoints[key] = parseProviderUrl(value, ENDPOINT_LABELS[key]).href;
    }
    if (!endpoints.token) throw new AppError('INVALID_INPUT', 'Enter the token endpoint.');
    return { ...base, endpoints };
  },
  createAdapter: oidcKind.createAdapter,
};
