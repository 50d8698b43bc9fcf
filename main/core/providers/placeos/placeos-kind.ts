import type { ProviderPreset } from '../../../../contract/domain.ts';
import { AppError } from '../../errors.ts';
import { CLIENT_ID } from '../preset-fields.ts';
import { STANDARD_CLIENT } from '../kind-rules.ts';
import type { ProviderKindDefinition } from '../provider-kind.ts';
import { parseProviderUrl } from '../urls.ts';
import { PlaceOsAdapter } from './placeos-adapter.ts';
import { placeOsEndpoints } from './placeos-api.ts';

const PRESETS: ProviderPreset[] = [
  {
    id: 'placeos',
    name: 'PlaceOS',
    description:
      'Your PlaceOS domain and an application from Backoffice. Access tokens live 2 hours; revoking does not stop one already issued.',
    input: {
      kind: 'placeos',
      name: 'PlaceOS',
      baseUrl: '{url}',
      clientId: '{clientId}',
      clientAuth: 'none',
      scopes: ['public'],
      authParams: {},
      redirectKind: 'loopback',
    },
    fields: [
      { key: 'url', label: 'PlaceOS URL', placeholder: 'https://placeos.example.com' },
      CLIENT_ID,
    ],
    docsUrl: 'https://docs.placeos.com/tutorials/backend/authentication',
  },
];

/** PlaceOS: standard OAuth 2.0 on endpoints derived from the user's PlaceOS domain. */
export const placeOsKind: ProviderKindDefinition = {
  form: {
    kind: 'placeos',
    label: 'PlaceOS',
    detail: 'Your domain',
    server: {
      field: 'baseUrl',
      label: 'PlaceOS URL',
      hint: 'Your PlaceOS domain. The OAuth endpoints are derived from it (/auth/oauth/…).',
      placeholder: 'https://placeos.example.com',
    },
    client: STANDARD_CLIENT,
    oauth: { defaultScopes: 'public', scopesPlaceholder: 'public', offlineAccessHint: false },
    redirect: { implicitNeedsLoopback: true },
  },
  presets: PRESETS,
  configure(input, base) {
    if (!input.baseUrl?.trim()) {
      throw new AppError(
        'INVALID_INPUT',
        'Enter your PlaceOS domain, for example https://placeos.example.com.',
      );
    }
    const baseUrl = parseProviderUrl(input.baseUrl, 'The PlaceOS domain').href.replace(/\/+$/, '');
    return {
      ...base,
      baseUrl,
      endpoints: placeOsEndpoints(baseUrl),
      scopes: base.scopes.length === 0 ? ['public'] : base.scopes,
    };
  },
  createAdapter: (provider, context) =>
    new PlaceOsAdapter(provider, context.configuration, {
      timeoutSeconds: context.timeoutSeconds,
      now: context.now,
      signingKeys: context.signingKeys,
    }),
};
