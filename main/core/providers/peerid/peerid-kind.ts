import type { ProviderPreset } from '../../../../contract/domain.ts';
import { AppError } from '../../errors.ts';
import { CLIENT_ID, CLIENT_SECRET } from '../preset-fields.ts';
import type { ProviderKindDefinition } from '../provider-kind.ts';
import { parseProviderUrl } from '../urls.ts';
import { PeerIdAdapter } from './peerid-adapter.ts';
import { PEERID_DEFAULT_BASE_URL } from './peerid-api.ts';

const PRESETS: ProviderPreset[] = [
  {
    id: 'peerid',
    name: 'PeerID (Peerplays)',
    description:
      'Password sign-in works everywhere. Browser sign-in and refresh need the app’s client secret; PeerID cannot revoke from an app.',
    input: {
      kind: 'peerid',
      name: 'PeerID',
      baseUrl: PEERID_DEFAULT_BASE_URL,
      clientId: '{clientId}',
      clientSecret: '{clientSecret}',
      clientAuth: 'client_secret_post',
      scopes: [],
      authParams: {},
      redirectKind: 'loopback',
    },
    fields: [
      { ...CLIENT_ID, hint: 'The numeric app id of your PeerID app.' },
      {
        ...CLIENT_SECRET,
        optional: true,
        hint: 'Needed to refresh tokens and for browser sign-in.',
      },
    ],
    docsUrl:
      'https://devs.peerplays.com/tools-and-integrations/peerid/1.0.0/development/authentication-with-peerid',
  },
];

/** PeerID (Peerplays): password login, and browser consent when the app's secret is set. */
export const peerIdKind: ProviderKindDefinition = {
  form: {
    kind: 'peerid',
    label: 'PeerID',
    detail: 'Peerplays',
    server: {
      field: 'baseUrl',
      label: 'PeerID URL',
      hint: 'The PeerID service. Change it only for a test or self-hosted instance.',
      placeholder: 'https://peerid.example.com',
      defaultValue: PEERID_DEFAULT_BASE_URL,
    },
    client: {
      registration: 'required',
      idLabel: 'App ID',
      idHint: 'The numeric id of your PeerID app.',
      numericId: true,
      secret: 'optional',
      secretHint:
        'Needed to refresh tokens and for browser sign-in. Without it, accounts sign in with a password, and again when the token expires.',
      noun: 'app',
    },
    oauth: null,
    redirect: {
      note: 'Used only by the browser sign-in, which needs the client secret. PeerID redirects only to domains registered for your app.',
      implicitNeedsLoopback: false,
    },
  },
  presets: PRESETS,
  configure(input, base) {
    if (!/^\d+$/.test(base.clientId)) {
      throw new AppError(
        'INVALID_INPUT',
        'A PeerID client ID is a number (the app id shown in your PeerID app settings).',
      );
    }
    const baseUrl = parseProviderUrl(
      input.baseUrl?.trim() || PEERID_DEFAULT_BASE_URL,
      'The PeerID URL',
    ).href.replace(/\/+$/, '');
    return { ...base, baseUrl };
  },
  createAdapter: (provider, context) =>
    new PeerIdAdapter(provider, context.clientSecret, context.timeoutSeconds),
};
