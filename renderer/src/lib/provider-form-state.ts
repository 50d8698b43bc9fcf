import type {
  ClientAuthMethod,
  ProviderEndpoints,
  ProviderInput,
  ProviderKind,
  ProviderKindForm,
  ProviderPreset,
  ProviderSummary,
  ProxyMode,
  RedirectKind,
} from '../../../contract/domain.ts';

/**
 * How the form asks for each kind, as main's provider registry describes them
 * (`providers:kinds`). The renderer has no per-kind rules of its own: everything below reads
 * them from here.
 */
export type KindForms = readonly ProviderKindForm[];

/** The description of one kind; undefined until the kinds have loaded (or for an unknown one). */
export const kindFormOf = (kinds: KindForms, kind: ProviderKind): ProviderKindForm | undefined =>
  kinds.find((candidate) => candidate.kind === kind);

/** The provider form as typed: plain strings, so nothing the user typed is ever lost. */
export interface ProviderFormState {
  kind: ProviderKind;
  name: string;
  issuer: string;
  /** PeerID, PlaceOS and Pi: where the provider's API lives. */
  baseUrl: string;
  endpoints: Record<keyof ProviderEndpoints, string>;
  clientId: string;
  clientAuth: ClientAuthMethod;
  clientSecret: string;
  scopes: string;
  params: ParamRow[];
  tokenParams: ParamRow[];
  redirectKind: RedirectKind;
  /** Network: proxy override and CA certificates trusted for this provider only. */
  proxy: ProxyMode;
  proxyUrl: string;
  proxyUsername: string;
  /** Typed only; empty keeps the stored one. */
  proxyPassword: string;
  /** Pasted PEM text, one or more certificates. */
  extraCa: string;
  /** private_key_jwt: keep the stored key, generate a new one, or import one. */
  clientKey: 'keep' | 'generate' | 'import';
  clientKeyImport: string;
  /** mutual TLS: a new certificate and key (PEM); empty keeps the stored ones. */
  tlsCertificate: string;
  tlsKey: string;
  dpop: boolean;
}

/** Client authentication with a client secret. */
export const usesClientSecret = (method: ClientAuthMethod): boolean =>
  method === 'client_secret_basic' || method === 'client_secret_post';

/** Client authentication with a client certificate (RFC 8705). */
export const usesClientCertificate = (method: ClientAuthMethod): boolean =>
  method === 'tls_client_auth' || method === 'self_signed_tls_client_auth';

/** Kinds offering key-based client authentication and DPoP: the standard servers. */
export const offersKeyAuth = (kindForm: ProviderKindForm | undefined): boolean =>
  kindForm?.strictClient === true;

export interface ParamRow {
  id: number;
  key: string;
  value: string;
}

export const ENDPOINT_FIELDS: { key: keyof ProviderEndpoints; label: string; hint?: string }[] = [
  {
    key: 'authorization',
    label: 'Authorization endpoint',
    hint: 'Needed to sign in in the browser.',
  },
  { key: 'token', label: 'Token endpoint' },
  {
    key: 'deviceAuthorization',
    label: 'Device authorization endpoint',
    hint: 'RFC 8628; lets an account sign in with a code on another device.',
  },
  {
    key: 'revocation',
    label: 'Revocation endpoint',
    hint: 'RFC 7009; without it tokens cannot be revoked.',
  },
  {
    key: 'introspection',
    label: 'Introspection endpoint',
    hint: 'RFC 7662; lets Inspect ask whether a token is active.',
  },
  { key: 'userinfo', label: 'UserInfo endpoint' },
];

/**
 * Whether saving without a typed secret keeps the provider's stored one: only when editing a
 * provider that has one, its kind is unchanged (another kind's secret does not carry over),
 * the form moves it to no other server, and main still uses the stored secret.
 */
export const keepsStoredSecret = (
  editing: ProviderSummary | undefined,
  form: ProviderFormState,
  kinds: KindForms,
): boolean =>
  Boolean(
    editing?.hasClientSecret &&
    editing.kind === form.kind &&
    !editing.clientSecretProblem &&
    movedAddresses(editing, form, kinds).length === 0,
  );

/** An address the form changes from the saved provider's, where its secrets are sent. */
export interface MovedAddress {
  label: string;
  from: string;
  to: string;
}

function parsed(text: string): URL | undefined {
  try {
    return new URL(text.trim());
  } catch {
    return undefined;
  }
}

const sameUrl = (a: URL, b: URL): boolean =>
  a.href.replace(/\/+$/, '') === b.href.replace(/\/+$/, '');

/**
 * What saving would move to another server: the issuer, the token endpoint, or an endpoint (or
 * the server URL) on an origin the saved provider does not use. Main then refuses to send the
 * stored client secret and the accounts' tokens there, so the form says so before saving.
 * Fields that are empty or not yet a URL move nothing.
 */
export function movedAddresses(
  editing: ProviderSummary | undefined,
  form: ProviderFormState,
  kinds: KindForms,
): MovedAddress[] {
  if (!editing || editing.kind !== form.kind) return [];
  const saved: (string | null | undefined)[] = [
    editing.issuer,
    editing.baseUrl,
    ...ENDPOINT_FIELDS.map((field) => editing.endpoints[field.key]),
  ];
  const savedUrls = saved.flatMap((text) => (text ? [parsed(text)] : []));
  const savedOrigins = new Set(savedUrls.flatMap((url) => (url ? [url.origin] : [])));
  const moved: MovedAddress[] = [];
  const compare = (
    label: string,
    saved: string | null | undefined,
    typed: string,
    exact: boolean,
  ) => {
    const to = parsed(typed);
    if (!to) return;
    const from = saved ? parsed(saved) : undefined;
    if (from && (exact ? sameUrl(from, to) : from.origin === to.origin)) return;
    if (!from && savedOrigins.has(to.origin)) return;
    if (from && !exact && savedOrigins.has(to.origin)) return;
    moved.push({
      label,
      from: from ? (exact ? from.href : from.origin) : 'none',
      to: exact ? to.href : to.origin,
    });
  };
  switch (kindFormOf(kinds, form.kind)?.server.field) {
    case 'issuer':
      compare('The issuer', editing.issuer, form.issuer, true);
      break;
    case 'endpoints':
      for (const field of ENDPOINT_FIELDS) {
        compare(
          field.label,
          editing.endpoints[field.key],
          form.endpoints[field.key],
          field.key === 'token',
        );
      }
      break;
    case 'baseUrl':
      compare('The server URL', editing.baseUrl, form.baseUrl, false);
      break;
    case undefined:
      break;
  }
  return moved;
}

/** The scopes a kind starts with ('' for kinds without scopes). */
const defaultScopes = (kind: ProviderKindForm | undefined): string =>
  kind?.oauth?.defaultScopes ?? '';

/** The real service's base URL of a kind (PeerID, Pi); PlaceOS has none: each is the user's. */
const defaultBaseUrl = (kind: ProviderKindForm | undefined): string =>
  (kind?.server.field === 'baseUrl' ? kind.server.defaultValue : undefined) ?? '';

let nextRowId = 1;

export function paramRow(key = '', value = ''): ParamRow {
  return { id: nextRowId++, key, value };
}

function endpointsOf(endpoints: ProviderEndpoints | undefined): ProviderFormState['endpoints'] {
  return {
    authorization: endpoints?.authorization ?? '',
    token: endpoints?.token ?? '',
    revocation: endpoints?.revocation ?? '',
    introspection: endpoints?.introspection ?? '',
    userinfo: endpoints?.userinfo ?? '',
    deviceAuthorization: endpoints?.deviceAuthorization ?? '',
  };
}

const rowsOf = (params: Record<string, string> | undefined): ParamRow[] =>
  Object.entries(params ?? {}).map(([key, value]) => paramRow(key, value));

/** A blank form of the first kind main offers. */
export function emptyForm(kinds: KindForms): ProviderFormState {
  const first = kinds[0];
  return {
    kind: first?.kind ?? '',
    name: '',
    issuer: '',
    baseUrl: '',
    endpoints: endpointsOf(undefined),
    clientId: '',
    clientAuth: 'none',
    clientSecret: '',
    scopes: defaultScopes(first),
    params: [],
    tokenParams: [],
    redirectKind: 'loopback',
    ...NETWORK_DEFAULTS,
  };
}

const NETWORK_DEFAULTS = {
  proxy: 'system' as ProxyMode,
  proxyUrl: '',
  proxyUsername: '',
  proxyPassword: '',
  extraCa: '',
  clientKey: 'generate' as const,
  clientKeyImport: '',
  tlsCertificate: '',
  tlsKey: '',
  dpop: false,
};

export function formFromInput(input: ProviderInput | ProviderSummary): ProviderFormState {
  return {
    kind: input.kind,
    name: input.name,
    issuer: input.issuer ?? '',
    baseUrl: input.baseUrl ?? '',
    endpoints: endpointsOf(input.endpoints),
    clientId: input.clientId,
    clientAuth: input.clientAuth,
    clientSecret: '',
    scopes: input.scopes.join(' '),
    params: rowsOf(input.authParams),
    tokenParams: rowsOf(input.tokenParams),
    redirectKind: input.redirectKind,
    ...NETWORK_DEFAULTS,
    ...networkOf(input),
  };
}

/** The network and key settings of a saved provider (or a preset), as the form shows them. */
function networkOf(input: ProviderInput | ProviderSummary): Partial<ProviderFormState> {
  const network = input.network;
  const saved = 'id' in input;
  return {
    proxy: network?.proxy ?? 'system',
    proxyUrl: network?.proxyUrl ?? '',
    proxyUsername: network?.proxyUsername ?? '',
    extraCa: (network?.extraCaCertificates ?? []).join(''),
    clientKey: saved && input.clientJwks ? 'keep' : 'generate',
    dpop: input.dpop ?? false,
  };
}

/**
 * Switches the kind, carrying over what the user typed; defaults that belonged to the old
 * kind (its scopes, its service URL) are replaced by the new kind's.
 */
export function withKind(
  form: ProviderFormState,
  kind: ProviderKind,
  kinds: KindForms,
): ProviderFormState {
  const previous = kindFormOf(kinds, form.kind);
  const next = kindFormOf(kinds, kind);
  const baseUrl =
    !form.baseUrl || form.baseUrl === defaultBaseUrl(previous)
      ? defaultBaseUrl(next)
      : form.baseUrl;
  const scopes = form.scopes === defaultScopes(previous) ? defaultScopes(next) : form.scopes;
  // Key-based authentication and DPoP exist where the kind offers them.
  const keyAuth = offersKeyAuth(next);
  const clientAuth =
    !keyAuth && !usesClientSecret(form.clientAuth) && form.clientAuth !== 'none'
      ? 'none'
      : form.clientAuth;
  return { ...form, kind, baseUrl, scopes, clientAuth, dpop: keyAuth && form.dpop };
}

/** A preset's fields, with their default values, before the user types anything. */
export function presetDefaults(preset: ProviderPreset | undefined): Record<string, string> {
  return Object.fromEntries(
    (preset?.fields ?? []).flatMap((field) =>
      field.defaultValue !== undefined ? [[field.key, field.defaultValue]] : [],
    ),
  );
}

/** The preset fields the user still has to fill in, with what to say under each. */
export function presetProblems(
  preset: ProviderPreset | undefined,
  values: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    (preset?.fields ?? []).flatMap((field) =>
      field.optional || values[field.key]?.trim() ? [] : [[field.key, `${field.label} is needed.`]],
    ),
  );
}

/**
 * Replaces a preset's `{key}` placeholders with what the user typed into its fields. An
 * optional field left empty becomes empty (its parameter is then dropped); an unknown
 * placeholder stays as typed.
 */
function fill(text: string, values: Record<string, string>, optional: Set<string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key]?.trim();
    if (value) return value;
    return optional.has(key) ? '' : whole;
  });
}

/**
 * What goes to main: the parts of the form the kind (`kindForm`) asks for. When editing, an
 * empty secret field is left out so main keeps the stored secret; a public client sends none.
 */
export function toProviderInput(
  form: ProviderFormState,
  options: {
    kindForm: ProviderKindForm;
    keepStoredSecret: boolean;
    preset?: ProviderPreset;
    presetValues?: Record<string, string>;
  },
): ProviderInput {
  const values = options.presetValues ?? {};
  const optional = new Set(
    (options.preset?.fields ?? []).filter((field) => field.optional).map((field) => field.key),
  );
  const f = (text: string) => fill(text, values, optional);
  const params = (rows: ParamRow[]) =>
    Object.fromEntries(
      rows
        .map((row) => [row.key.trim(), f(row.value).trim()] as const)
        .filter(([key, value]) => key && value),
    );
  const secretField = options.preset?.fields.find((field) => field.secret);
  const typedSecret =
    form.clientSecret.trim() || (secretField ? (values[secretField.key]?.trim() ?? '') : '');
  const { kind } = form;
  const { client, server } = options.kindForm;
  const oauth = options.kindForm.oauth !== null;
  const secretRule = client.registration === 'none' ? 'never' : client.secret;

  const input: ProviderInput = {
    kind,
    name: f(form.name),
    clientId: client.registration === 'none' ? '' : f(form.clientId).trim(),
    clientAuth:
      secretRule === 'never'
        ? 'none'
        : secretRule === 'optional'
          ? 'client_secret_post'
          : form.clientAuth,
    scopes: oauth ? f(form.scopes).split(/\s+/).filter(Boolean) : [],
    authParams: oauth ? params(form.params) : {},
    tokenParams: oauth ? params(form.tokenParams) : {},
    redirectKind: form.redirectKind,
  };
  switch (server.field) {
    case 'issuer':
      input.issuer = f(form.issuer).trim();
      break;
    case 'endpoints':
      input.endpoints = Object.fromEntries(
        Object.entries(form.endpoints)
          .map(([key, value]) => [key, f(value).trim()] as const)
          .filter(([, value]) => value),
      );
      break;
    case 'baseUrl':
      input.baseUrl = f(form.baseUrl).trim();
      break;
  }
  Object.assign(input, networkInput(form, options.kindForm));

  if (secretRule === 'optional') {
    // An optional secret: only a typed one is sent; an empty field keeps (or adds) none.
    if (typedSecret) input.clientSecret = typedSecret;
    else if (!options.keepStoredSecret) input.clientSecret = '';
  } else if (
    secretRule === 'by-auth-method' &&
    usesClientSecret(form.clientAuth) &&
    (typedSecret || !options.keepStoredSecret)
  ) {
    input.clientSecret = typedSecret;
  }
  return input;
}

/** The network, key, certificate and DPoP parts of the input. */
function networkInput(form: ProviderFormState, kindForm: ProviderKindForm): Partial<ProviderInput> {
  const part: Partial<ProviderInput> = {};
  const extraCaCertificates = form.extraCa.trim() ? [form.extraCa.trim()] : [];
  part.network =
    form.proxy === 'url'
      ? {
          proxy: 'url',
          proxyUrl: form.proxyUrl.trim(),
          ...(form.proxyUsername.trim() ? { proxyUsername: form.proxyUsername.trim() } : {}),
          ...(form.proxyPassword ? { proxyPassword: form.proxyPassword } : {}),
          extraCaCertificates,
        }
      : { proxy: form.proxy, extraCaCertificates };
  if (!offersKeyAuth(kindForm)) return part;
  if (form.clientAuth === 'private_key_jwt') {
    if (form.clientKey === 'generate') part.clientKey = { generate: true };
    if (form.clientKey === 'import') part.clientKey = { importKey: form.clientKeyImport };
  }
  if (usesClientCertificate(form.clientAuth) && form.tlsCertificate.trim()) {
    part.tlsClient = {
      certificatePem: form.tlsCertificate.trim(),
      ...(form.tlsKey.trim() ? { keyPem: form.tlsKey.trim() } : {}),
    };
  }
  part.dpop = form.dpop;
  return part;
}

/** Appends a CA certificate offered by a certificate error to the form's trusted CAs. */
export function withTrustedCa(form: ProviderFormState, pem: string): ProviderFormState {
  if (form.extraCa.includes(pem.trim())) return form;
  const extraCa = form.extraCa.trim()
    ? `${form.extraCa.trim()}\n${pem.trim()}\n`
    : `${pem.trim()}\n`;
  return { ...form, extraCa };
}
