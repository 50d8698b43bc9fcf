import { describe, expect, it } from 'vitest';
import type { ProviderPreset } from '../../../shared/domain.ts';
import {
  baseUrlDefaults,
  emptyForm,
  formFromInput,
  keepsStoredSecret,
  movedAddresses,
  paramRow,
  presetDefaults,
  presetProblems,
  toProviderInput,
  withKind,
  type ProviderFormState,
} from '../../../renderer/src/lib/provider-form-state.ts';
import { provider } from './fixtures.ts';

const PRESET: ProviderPreset = {
  id: 'entra',
  name: 'Microsoft Entra ID',
  description: '',
  input: {
    kind: 'oidc',
    name: 'Microsoft Entra ID',
    issuer: 'https://login.microsoftonline.com/{tenant}/v2.0',
    clientId: '{clientId}',
    clientAuth: 'none',
    scopes: ['openid', 'offline_access'],
    authParams: { domain_hint: '{domain}' },
    redirectKind: 'loopback',
  },
  fields: [
    { key: 'tenant', label: 'Tenant', defaultValue: 'organizations' },
    { key: 'clientId', label: 'Client ID' },
    { key: 'domain', label: 'Domain hint', optional: true },
  ],
};

const form = (over: Partial<ProviderFormState>): ProviderFormState => ({
  ...emptyForm(),
  ...over,
});

describe('preset fields', () => {
  it('start from their defaults and name what is still missing', () => {
    expect(presetDefaults(PRESET)).toEqual({ tenant: 'organizations' });
    expect(presetProblems(PRESET, { tenant: 'contoso', clientId: '  ' })).toEqual({
      clientId: 'Client ID is needed.',
    });
  });

  it('fill the placeholders; an empty optional one drops its parameter', () => {
    const input = toProviderInput(formFromInput(PRESET.input), {
      keepStoredSecret: false,
      preset: PRESET,
      presetValues: { tenant: 'contoso.onmicrosoft.com', clientId: ' 1234 ', domain: '' },
    });
    expect(input.issuer).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0');
    expect(input.clientId).toBe('1234');
    expect(input.authParams).toEqual({});
    expect(input.scopes).toEqual(['openid', 'offline_access']);
    expect(input).not.toHaveProperty('clientSecret');
  });
});

describe('toProviderInput', () => {
  it('sends only the parts of the form that belong to the kind', () => {
    const typed = form({
      kind: 'oauth2',
      name: 'API',
      issuer: 'https://ignored.example.com',
      endpoints: { ...emptyForm().endpoints, token: ' https://api.example.com/token ' },
      clientId: 'c',
      scopes: ' read  write ',
      params: [paramRow('audience', 'api'), paramRow(' ', 'dropped'), paramRow('empty', ' ')],
    });
    const input = toProviderInput(typed, { keepStoredSecret: false });
    expect(input.endpoints).toEqual({ token: 'https://api.example.com/token' });
    expect(input).not.toHaveProperty('issuer');
    expect(input.scopes).toEqual(['read', 'write']);
    expect(input.authParams).toEqual({ audience: 'api' });
  });

  it('keeps a stored secret when the field is left empty, and replaces it when typed', () => {
    const confidential = form({
      issuer: 'https://idp.example.com',
      clientAuth: 'client_secret_basic',
    });
    expect(toProviderInput(confidential, { keepStoredSecret: true })).not.toHaveProperty(
      'clientSecret',
    );
    expect(
      toProviderInput({ ...confidential, clientSecret: ' s3cret ' }, { keepStoredSecret: true })
        .clientSecret,
    ).toBe('s3cret');
    expect(
      toProviderInput(form({ clientSecret: 'typed' }), { keepStoredSecret: false }),
    ).not.toHaveProperty('clientSecret');
  });

  it('gives PeerID its fixed client authentication and Pi no client at all', () => {
    const peerid = toProviderInput(
      form({ kind: 'peerid', baseUrl: 'https://peerid.example', clientId: '17' }),
      {
        keepStoredSecret: false,
      },
    );
    expect(peerid).toMatchObject({
      clientAuth: 'client_secret_post',
      clientSecret: '',
      scopes: [],
    });
    const pi = toProviderInput(form({ kind: 'pi', baseUrl: 'https://pi.example', clientId: 'x' }), {
      keepStoredSecret: false,
    });
    expect(pi).toMatchObject({ clientId: '', clientAuth: 'none', baseUrl: 'https://pi.example' });
    expect(pi).not.toHaveProperty('clientSecret');
  });
});

describe('switching kind', () => {
  const defaults = baseUrlDefaults([
    {
      ...PRESET,
      id: 'peerid',
      input: { ...PRESET.input, kind: 'peerid', baseUrl: 'https://peerid.example' },
    },
    { ...PRESET, id: 'x', input: { ...PRESET.input, kind: 'pi', baseUrl: 'https://{host}' } },
  ]);

  it('takes base URLs from presets without placeholders only', () => {
    expect(defaults).toEqual({ peerid: 'https://peerid.example' });
  });

  it("replaces the old kind's defaults but keeps what the user typed", () => {
    const placeos = withKind(emptyForm(), 'placeos', defaults);
    expect(placeos.scopes).toBe('public');
    const peerid = withKind({ ...placeos, name: 'Mine' }, 'peerid', defaults);
    expect(peerid).toMatchObject({ name: 'Mine', scopes: '', baseUrl: 'https://peerid.example' });
    const typed = withKind({ ...peerid, baseUrl: 'https://own.example' }, 'placeos', defaults);
    expect(typed.baseUrl).toBe('https://own.example');
  });
});

describe('keepsStoredSecret', () => {
  it('only when editing a provider of the same kind, with a usable secret, at the same addresses', () => {
    const stored = provider([], {
      kind: 'oidc',
      issuer: 'https://id.example',
      hasClientSecret: true,
    });
    const form = { ...formFromInput(stored), kind: 'oidc' as const };
    expect(keepsStoredSecret(stored, form)).toBe(true);
    expect(keepsStoredSecret(stored, { ...form, kind: 'oauth2' })).toBe(false);
    expect(keepsStoredSecret(stored, { ...form, issuer: 'https://elsewhere.example' })).toBe(false);
    expect(keepsStoredSecret({ ...stored, hasClientSecret: false }, form)).toBe(false);
    expect(keepsStoredSecret(undefined, form)).toBe(false);
  });
});

describe('movedAddresses', () => {
  it('names the issuer that moved, and nothing for an unchanged form', () => {
    const stored = provider([], { kind: 'oidc', issuer: 'https://id.example' });
    const form = formFromInput(stored);
    expect(movedAddresses(stored, form)).toEqual([]);
    expect(movedAddresses(stored, { ...form, issuer: 'https://evil.example' })).toEqual([
      expect.objectContaining({ from: 'https://id.example/', to: 'https://evil.example/' }),
    ]);
  });
});
