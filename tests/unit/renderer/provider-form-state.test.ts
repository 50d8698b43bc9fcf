import { describe, expect, it } from 'vitest';
import type { ProviderPreset } from '../../../contract/domain.ts';
import {
  emptyForm,
  formFromInput,
  keepsStoredSecret,
  kindFormOf,
  movedAddresses,
  paramRow,
  presetDefaults,
  presetProblems,
  toProviderInput,
  withKind,
  withTrustedCa,
  type ProviderFormState,
} from '../../../renderer/src/lib/provider-form-state.ts';
import { provider } from './fixtures.ts';
import { KIND_FORMS } from '../../support/kind-forms.ts';

/** The form description of a kind, as main sends it. */
const kindForm = (kind: string) => kindFormOf(KIND_FORMS, kind)!;

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
  ...emptyForm(KIND_FORMS),
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
      kindForm: kindForm('oidc'),
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
      endpoints: { ...emptyForm(KIND_FORMS).endpoints, token: ' https://api.example.com/token ' },
      clientId: 'c',
      scopes: ' read  write ',
      params: [paramRow('audience', 'api'), paramRow(' ', 'dropped'), paramRow('empty', ' ')],
    });
    const input = toProviderInput(typed, { kindForm: kindForm('oauth2'), keepStoredSecret: false });
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
    const oidc = kindForm('oidc');
    expect(
      toProviderInput(confidential, { kindForm: oidc, keepStoredSecret: true }),
    ).not.toHaveProperty('clientSecret');
    expect(
      toProviderInput(
        { ...confidential, clientSecret: ' s3cret ' },
        { kindForm: oidc, keepStoredSecret: true },
      ).clientSecret,
    ).toBe('s3cret');
    expect(
      toProviderInput(form({ clientSecret: 'typed' }), { kindForm: oidc, keepStoredSecret: false }),
    ).not.toHaveProperty('clientSecret');
  });

  it('gives PeerID its fixed client authentication and Pi no client at all', () => {
    const peerid = toProviderInput(
      form({ kind: 'peerid', baseUrl: 'https://peerid.example', clientId: '17' }),
      { kindForm: kindForm('peerid'), keepStoredSecret: false },
    );
    expect(peerid).toMatchObject({
      clientAuth: 'client_secret_post',
      clientSecret: '',
      scopes: [],
    });
    const pi = toProviderInput(form({ kind: 'pi', baseUrl: 'https://pi.example', clientId: 'x' }), {
      kindForm: kindForm('pi'),
      keepStoredSecret: false,
    });
    expect(pi).toMatchObject({ clientId: '', clientAuth: 'none', baseUrl: 'https://pi.example' });
    expect(pi).not.toHaveProperty('clientSecret');
  });
});

describe('switching kind', () => {
  it("replaces the old kind's defaults but keeps what the user typed", () => {
    const placeos = withKind(emptyForm(KIND_FORMS), 'placeos', KIND_FORMS);
    expect(placeos.scopes).toBe('public');
    expect(placeos.baseUrl).toBe('');
    const peerid = withKind({ ...placeos, name: 'Mine' }, 'peerid', KIND_FORMS);
    expect(peerid).toMatchObject({
      name: 'Mine',
      scopes: '',
      baseUrl: (kindForm('peerid').server as { defaultValue: string }).defaultValue,
    });
    const typed = withKind({ ...peerid, baseUrl: 'https://own.example' }, 'placeos', KIND_FORMS);
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
    expect(keepsStoredSecret(stored, form, KIND_FORMS)).toBe(true);
    expect(keepsStoredSecret(stored, { ...form, kind: 'oauth2' }, KIND_FORMS)).toBe(false);
    expect(
      keepsStoredSecret(stored, { ...form, issuer: 'https://elsewhere.example' }, KIND_FORMS),
    ).toBe(false);
    expect(keepsStoredSecret({ ...stored, hasClientSecret: false }, form, KIND_FORMS)).toBe(false);
    expect(keepsStoredSecret(undefined, form, KIND_FORMS)).toBe(false);
  });
});

describe('movedAddresses', () => {
  it('names the issuer that moved, and nothing for an unchanged form', () => {
    const stored = provider([], { kind: 'oidc', issuer: 'https://id.example' });
    const form = formFromInput(stored);
    expect(movedAddresses(stored, form, KIND_FORMS)).toEqual([]);
    expect(movedAddresses(stored, { ...form, issuer: 'https://evil.example' }, KIND_FORMS)).toEqual(
      [expect.objectContaining({ from: 'https://id.example/', to: 'https://evil.example/' })],
    );
  });
});

describe('network, key and certificate settings', () => {
  const base = (): ProviderFormState => ({
    ...emptyForm(KIND_FORMS),
    name: 'Corp',
    issuer: 'https://id.corp.example',
    clientId: 'desk',
  });
  const input = (form: ProviderFormState) =>
    toProviderInput(form, { kindForm: kindForm(form.kind), keepStoredSecret: false });

  it('sends the system proxy and no extra CA by default', () => {
    expect(input(base()).network).toEqual({ proxy: 'system', extraCaCertificates: [] });
  });

  it('sends a given proxy with its user, and its password only when typed', () => {
    const form = {
      ...base(),
      proxy: 'url' as const,
      proxyUrl: ' http://proxy:3128 ',
      proxyUsername: 'dana',
    };
    expect(input(form).network).toEqual({
      proxy: 'url',
      proxyUrl: 'http://proxy:3128',
      proxyUsername: 'dana',
      extraCaCertificates: [],
    });
    expect(input({ ...form, proxyPassword: 'pw' }).network?.proxyPassword).toBe('pw');
  });

  it('private_key_jwt: generate for a new key, nothing to keep the stored one, the text to import', () => {
    const form = { ...base(), clientAuth: 'private_key_jwt' as const };
    expect(input(form).clientKey).toEqual({ generate: true });
    expect(input({ ...form, clientKey: 'keep' }).clientKey).toBeUndefined();
    expect(input({ ...form, clientKey: 'import', clientKeyImport: 'PEM' }).clientKey).toEqual({
      importKey: 'PEM',
    });
    // No client secret is sent for a key-based method.
    expect(input({ ...form, clientSecret: 'typed' }).clientSecret).toBeUndefined();
  });

  it('mutual TLS: a pasted certificate and key are sent; empty fields keep the stored ones', () => {
    const form = { ...base(), clientAuth: 'tls_client_auth' as const };
    expect(input(form).tlsClient).toBeUndefined();
    expect(input({ ...form, tlsCertificate: 'CERT', tlsKey: 'KEY' }).tlsClient).toEqual({
      certificatePem: 'CERT',
      keyPem: 'KEY',
    });
  });

  it('offers key-based authentication and DPoP for OpenID Connect and OAuth 2.0 only', () => {
    const form = { ...base(), clientAuth: 'private_key_jwt' as const, dpop: true };
    const placeos = withKind(form, 'placeos', KIND_FORMS);
    expect(placeos.clientAuth).toBe('none');
    expect(placeos.dpop).toBe(false);
    expect(input({ ...placeos, baseUrl: 'https://placeos.example' }).dpop).toBeUndefined();
    expect(withKind(form, 'oauth2', KIND_FORMS).clientAuth).toBe('private_key_jwt');
  });

  it('“Trust this CA” appends the offered CA once', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n';
    const once = withTrustedCa(base(), pem);
    expect(once.extraCa).toBe(pem);
    expect(withTrustedCa(once, pem)).toBe(once);
    expect(input(once).network?.extraCaCertificates).toEqual([pem.trim()]);
  });

  it('shows a saved provider’s network settings when editing', () => {
    const form = formFromInput(
      provider([], {
        network: {
          proxy: 'url',
          proxyUrl: 'http://proxy:3128',
          proxyUsername: 'dana',
          extraCaCertificates: ['PEM\n'],
        },
        clientAuth: 'private_key_jwt',
        clientJwks: '{"keys":[]}',
        dpop: true,
      }),
    );
    expect(form).toMatchObject({
      proxy: 'url',
      proxyUrl: 'http://proxy:3128',
      proxyUsername: 'dana',
      proxyPassword: '',
      extraCa: 'PEM\n',
      clientKey: 'keep',
      dpop: true,
    });
  });
});
