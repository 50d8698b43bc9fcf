import { describe, expect, it } from 'vitest';
import type { ProviderSummary } from '../../../contract/domain.ts';
import type { ProviderConfig } from '../../../main/core/model.ts';
import {
  EXPORT_FORMAT,
  MAX_IMPORT_BYTES,
  exportProviders,
  parseExport,
  previewImport,
} from '../../../main/core/sharing/provider-sharing.ts';

function config(overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    id: 'p1',
    kind: 'oidc',
    name: 'Acme ID',
    issuer: 'https://id.acme.test/',
    baseUrl: null,
    endpoints: { token: 'https://id.acme.test/token', authorization: 'https://id.acme.test/auth' },
    grantTypes: null,
    clientId: 'desk',
    clientAuth: 'client_secret_basic',
    hasClientSecret: true,
    scopes: ['openid', 'offline_access'],
    authParams: { audience: 'api' },
    tokenParams: {},
    redirectKind: 'loopback',
    createdAt: 1,
    updatedAt: 1,
    ...overrides,
  };
}

const summary = (c: ProviderConfig): ProviderSummary =>
  ({ ...c, tokenParams: c.tokenParams }) as unknown as ProviderSummary;

const file = (providers: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: EXPORT_FORMAT, version: 1, providers, ...extra });

const entry = {
  kind: 'oauth2',
  name: 'Shop',
  endpoints: { token: 'https://shop.test/token' },
  clientId: 'c',
  clientAuth: 'none',
  scopes: ['read'],
  authParams: {},
  redirectKind: 'loopback',
};

describe('exportProviders', () => {
  it('writes the setup and what is left to fill, never a secret flag or an id', () => {
    const { content, fileName, count } = exportProviders([config()], Date.UTC(2030, 0, 1));
    expect(fileName).toBe('acme-id.token-desk-providers.json');
    expect(count).toBe(1);
    const data = JSON.parse(content) as { providers: Record<string, unknown>[]; note: string };
    expect(data.providers).toEqual([
      {
        kind: 'oidc',
        name: 'Acme ID',
        issuer: 'https://id.acme.test/',
        clientId: 'desk',
        clientAuth: 'client_secret_basic',
        scopes: ['openid', 'offline_access'],
        authParams: { audience: 'api' },
        tokenParams: {},
        redirectKind: 'loopback',
        toFill: ['clientSecret'],
      },
    ]);
    expect(data.note).toMatch(/No tokens and no client secrets/);
    expect(content).not.toMatch(/hasClientSecret|"id"|createdAt/);
  });

  it('reads back what it wrote', () => {
    const { content } = exportProviders(
      [config(), config({ id: 'p2', kind: 'oauth2', name: 'Shop', clientAuth: 'none' })],
      0,
    );
    expect(parseExport(content).map((p) => p.name)).toEqual(['Acme ID', 'Shop']);
  });
});

describe('previewImport', () => {
  it('marks new, duplicate (same setup) and renamed (same name, other setup) providers', () => {
    const existing = [summary(config())];
    const preview = previewImport(
      file(
        [
          {
            ...entry,
            kind: 'oidc',
            endpoints: undefined,
            issuer: 'https://id.acme.test',
            name: 'Acme copy',
            clientId: 'desk',
            clientAuth: 'client_secret_basic',
          },
          { ...entry, name: 'Acme ID' },
          entry,
        ].map((e) => JSON.parse(JSON.stringify(e)) as unknown),
      ),
      existing,
    );
    expect(preview.items).toMatchObject([
      { index: 0, status: 'duplicate', conflictWith: 'Acme ID', toFill: ['clientSecret'] },
      { index: 1, status: 'renamed', importName: 'Acme ID (imported)', conflictWith: 'Acme ID' },
      { index: 2, status: 'new', importName: 'Shop', toFill: [] },
    ]);
  });
});

describe('hostile and malformed files get a clear error', () => {
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{"format": ', /not valid JSON/],
    ['another JSON document', '{"hello": "world"}', /not a Token Desk provider export/],
    ['an array', '[1,2,3]', /not a Token Desk provider export/],
    ['a later version', file([entry], { version: 2 }), /shape of a provider export.*version/],
    ['no providers', file([]), /shape of a provider export/],
    [
      'a wrong type',
      file([{ ...entry, scopes: 'read' }]),
      /Provider 1 is not a valid provider setup \(scopes/,
    ],
    [
      'an unknown kind',
      file([{ ...entry, kind: 'saml' }]),
      /Provider 1 is not a valid provider setup \(kind/,
    ],
    [
      'a client secret',
      file([{ ...entry, clientSecret: 'hunter2-hunter2' }]),
      /carries "clientSecret".*never contain secrets/,
    ],
    ['a refresh token', file([{ ...entry, refresh_token: 'rt' }]), /carries "refresh_token"/],
    [
      'a secret parameter',
      file([{ ...entry, tokenParams: { client_secret: 'x' } }]),
      /parameter "client_secret"/,
    ],
    ['an unknown field', file([{ ...entry, script: 'x' }]), /Unrecognized key/],
    [
      '__proto__',
      `{"format":"${EXPORT_FORMAT}","version":1,"providers":[{"__proto__":{"polluted":1}}]}`,
      /key "__proto__"/,
    ],
    ['constructor', file([{ ...entry, authParams: { constructor: 'x' } }]), /key "constructor"/],
    [
      'deep nesting',
      `{"format":"${EXPORT_FORMAT}","version":1,"providers":[${'['.repeat(5000)}${']'.repeat(5000)}]}`,
      /nests too deeply/,
    ],
    [
      'a huge file',
      file([{ ...entry, name: 'x'.repeat(MAX_IMPORT_BYTES) }]),
      /too large \(\d+ KB\)/,
    ],
    [
      'too many providers',
      file(Array.from({ length: 201 }, () => entry)),
      /shape of a provider export/,
    ],
    [
      'an over-long name',
      file([{ ...entry, name: 'n'.repeat(101) }]),
      /Provider 1 is not a valid provider setup \(name/,
    ],
  ];
  it.each(cases)('%s', (_what, content, message) => {
    let error: unknown;
    try {
      previewImport(content, []);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(message) });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // The error names the problem, never a value from the file.
    expect((error as Error).message).not.toContain('hunter2');
  });
});
