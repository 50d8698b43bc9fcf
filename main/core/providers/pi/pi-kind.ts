import type { ProviderPreset } from '../../../../contract/domain.ts';
import type { ProviderKindDefinition } from '../provider-kind.ts';
import { parseProviderUrl } from '../urls.ts';
import { PiAdapter } from './pi-adapter.ts';
import { PI_DEFAULT_BASE_URL } from './pi-api.ts';

const PRESETS: ProviderPreset[] = [
  {
    id: 'pi',
    name: 'Pi Network',
    description:
      'No desktop sign-in exists: paste an access token obtained with Pi.authenticate in the Pi Browser; the app verifies it with /v2/me.',
    input: {
      kind: 'pi',
      name: 'Pi Network',
      baseUrl: PI_DEFAULT_BASE_URL,
      clientId: '',
      clientAuth: 'none',
      scopes: [],
      authParams: {},
      redirectKind: 'loopback',
    },
    fields: [],
    docsUrl: 'https://pi-apps.github.io/community-developer-guide/',
  },
];

/** Pi Network: no client registration; pasted access tokens verified with `GET /v2/me`. */
export const piKind: ProviderKindDefinition = {
  form: {
    kind: 'pi',
    label: 'Pi Network',
    detail: 'Pasted tokens',
    server: {
      field: 'baseUrl',
      label: 'Pi API URL',
      hint: 'Pi Network’s platform API. Change it only for a test server.',
      placeholder: 'https://api.example.com',
      defaultValue: PI_DEFAULT_BASE_URL,
    },
    client: {
      registration: 'none',
      note: 'Pi Network needs no client ID or secret here. Accounts are added by pasting an access token your app got from `Pi.authenticate` in the Pi Browser; Token Desk verifies each one with Pi.',
    },
    oauth: null,
    redirect: null,
  },
  presets: PRESETS,
  configure(input, base) {
    const baseUrl = parseProviderUrl(
      input.baseUrl?.trim() || PI_DEFAULT_BASE_URL,
      'The Pi API URL',
    ).href.replace(/\/+$/, '');
    return { ...base, baseUrl };
  },
  createAdapter: (provider, context) => new PiAdapter(provider, context.timeoutSeconds),
};
