import { AppError } from '../../../main/core/errors.ts';
import type { ProviderKindDefinition } from '../../../main/core/providers/provider-kind.ts';
import { parseProviderUrl } from '../../../main/core/providers/urls.ts';
import { StaticTokenAdapter } from './static-token-adapter.ts';

/**
 * The worked example of docs/architecture.md ("Adding a provider kind"): a kind in one folder,
 * registered with one line. Test-only: tests register it with `registerProviderKind`.
 */
export const staticTokenKind: ProviderKindDefinition = {
  form: {
    kind: 'static-token',
    label: 'Static token',
    detail: 'Pasted API token',
    server: {
      field: 'baseUrl',
      label: 'API URL',
      hint: 'The API the token is for.',
      placeholder: 'https://api.example.com',
    },
    client: {
      registration: 'none',
      note: 'No client: accounts are added by pasting an API token (`Authorization: Bearer …`).',
    },
    oauth: null,
    redirect: null,
  },
  presets: [
    {
      id: 'static-example',
      name: 'Example API',
      description: 'A pasted token for the example API.',
      input: {
        kind: 'static-token',
        name: 'Example API',
        baseUrl: '{url}',
        clientId: '',
        clientAuth: 'none',
        scopes: [],
        authParams: {},
        redirectKind: 'loopback',
      },
      fields: [{ key: 'url', label: 'API URL', placeholder: 'https://api.example.com' }],
    },
  ],
  configure(input, base) {
    if (!input.baseUrl?.trim()) throw new AppError('INVALID_INPUT', 'Enter the API URL.');
    return { ...base, baseUrl: parseProviderUrl(input.baseUrl, 'The API URL').origin };
  },
  createAdapter: (provider) => new StaticTokenAdapter(provider),
};
