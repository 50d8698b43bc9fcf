import type {
  ClientAuthMethod,
  ProviderEndpoints,
  ProviderInput,
  ProviderKind,
  ProviderPreset,
  ProviderSummary,
  RedirectKind,
} from '../../../preload/api.ts';

/** The provider form as typed: plain strings, so nothing the user typed is ever lost. */
export interface ProviderFormState {
  kind: ProviderKind;
  name: string;
  issuer: string;
  endpoints: Record<keyof ProviderEndpoints, string>;
  clientId: string;
  clientAuth: ClientAuthMethod;
  clientSecret: string;
  scopes: string;
  params: AuthParamRow[];
  redirectKind: RedirectKind;
}

export interface AuthParamRow {
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

let nextRowId = 1;

export function paramRow(key = '', value = ''): AuthParamRow {
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

export function emptyForm(): ProviderFormState {
  return {
    kind: 'oidc',
    name: '',
    issuer: '',
    endpoints: endpointsOf(undefined),
    clientId: '',
    clientAuth: 'none',
    clientSecret: '',
    scopes: 'openid profile email offline_access',
    params: [],
    redirectKind: 'loopback',
  };
}

export function formFromInput(input: ProviderInput | ProviderSummary): ProviderFormState {
  return {
    kind: input.kind,
    name: input.name,
    issuer: input.issuer ?? '',
    endpoints: endpointsOf(input.endpoints),
    clientId: input.clientId,
    clientAuth: input.clientAuth,
    clientSecret: '',
    scopes: input.scopes.join(' '),
    params: Object.entries(input.authParams).map(([key, value]) => paramRow(key, value)),
    redirectKind: input.redirectKind,
  };
}

/** Replaces a preset's `{key}` placeholders with what the user typed into its fields. */
function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key]?.trim() || whole);
}

/**
 * What goes to main. When editing, an empty secret field is left out so main keeps the
 * stored secret; a public client sends none.
 */
export function toProviderInput(
  form: ProviderFormState,
  options: {
    keepStoredSecret: boolean;
    preset?: ProviderPreset;
    presetValues?: Record<string, string>;
  },
): ProviderInput {
  const values = options.presetValues ?? {};
  const secretField = options.preset?.fields.find((field) => field.secret);
  const typedSecret =
    form.clientSecret.trim() || (secretField ? (values[secretField.key] ?? '') : '');
  const input: ProviderInput = {
    kind: form.kind,
    name: fill(form.name, values),
    clientId: fill(form.clientId, values),
    clientAuth: form.clientAuth,
    scopes: fill(form.scopes, values).split(/\s+/).filter(Boolean),
    authParams: Object.fromEntries(
      form.params
        .map((row) => [row.key.trim(), fill(row.value, values)] as const)
        .filter(([key]) => key),
    ),
    redirectKind: form.redirectKind,
  };
  if (form.kind === 'oidc') {
    input.issuer = fill(form.issuer, values).trim();
  } else {
    input.endpoints = Object.fromEntries(
      Object.entries(form.endpoints)
        .map(([key, value]) => [key, fill(value, values).trim()] as const)
        .filter(([, value]) => value),
    );
  }
  if (form.clientAuth !== 'none' && (typedSecret || !options.keepStoredSecret)) {
    input.clientSecret = typedSecret;
  }
  return input;
}
