import { useId, type FormEvent, type ReactNode } from 'react';
import type {
  ClientAuthMethod,
  ProviderPreset,
  ProviderSummary,
  RedirectKind,
} from '../../../../contract/domain.ts';
import {
  ENDPOINT_FIELDS,
  keepsStoredSecret,
  kindFormOf,
  movedAddresses,
  offersKeyAuth,
  usesClientSecret,
  withKind,
  type KindForms,
  type ProviderFormState,
} from '../../lib/provider-form-state.ts';
import { Field } from '../ui/field.tsx';
import { Notice } from '../ui/notice.tsx';
import { KeyAuthFields } from './key-auth-fields.tsx';
import { NetworkFields } from './network-fields.tsx';
import { ParamsEditor, type QuickParam } from './params-editor.tsx';
import { PresetFields } from './preset-fields.tsx';
import { RedirectHint } from './redirect-hint.tsx';

const CLIENT_AUTH_OPTIONS: { value: ClientAuthMethod; label: string }[] = [
  { value: 'none', label: 'None — public client with PKCE' },
  { value: 'client_secret_basic', label: 'Client secret, HTTP Basic (client_secret_basic)' },
  { value: 'client_secret_post', label: 'Client secret, in the body (client_secret_post)' },
];
/** Strict providers' methods: OpenID Connect and OAuth 2.0 providers only. */
const KEY_AUTH_OPTIONS: { value: ClientAuthMethod; label: string }[] = [
  { value: 'private_key_jwt', label: 'Private key JWT (private_key_jwt)' },
  { value: 'tls_client_auth', label: 'Client certificate (tls_client_auth)' },
  { value: 'self_signed_tls_client_auth', label: 'Self-signed certificate (mutual TLS)' },
];

const AUTH_QUICK: QuickParam[] = [
  { key: 'audience', placeholder: 'https://api.example.com' },
  { key: 'resource', placeholder: 'https://api.example.com' },
  { key: 'prompt', placeholder: 'consent' },
];
const TOKEN_QUICK: QuickParam[] = [
  { key: 'audience', placeholder: 'https://api.example.com' },
  { key: 'resource', placeholder: 'https://api.example.com' },
];

const REDIRECTS: [RedirectKind, string, string][] = [
  ['loopback', 'Loopback', 'A one-time listener on 127.0.0.1 (recommended for desktop apps).'],
  [
    'custom-scheme',
    'Custom scheme',
    'The browser hands the response to the app by its URL scheme.',
  ],
];

/** Add or edit a provider. Controlled: the dialog keeps the values, so an error loses nothing. */
export function ProviderForm({
  id,
  value,
  onChange,
  onSubmit,
  editing,
  preset,
  presetValues,
  presetProblems,
  onPresetValues,
  redirectUris,
  kinds,
}: {
  id: string;
  value: ProviderFormState;
  onChange: (next: ProviderFormState) => void;
  onSubmit: () => void;
  editing?: ProviderSummary | undefined;
  preset?: ProviderPreset | undefined;
  presetValues: Record<string, string>;
  presetProblems: Record<string, string>;
  onPresetValues: (values: Record<string, string>) => void;
  redirectUris: Record<RedirectKind, string> | undefined;
  /** How main asks for each kind (`providers:kinds`): the form's per-kind rules. */
  kinds: KindForms;
}) {
  const radioName = useId();
  const set = <K extends keyof ProviderFormState>(key: K, next: ProviderFormState[K]) =>
    onChange({ ...value, [key]: next });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  const { kind } = value;
  const kindForm = kindFormOf(kinds, kind);
  const server = kindForm?.server;
  const client = kindForm?.client;
  const oauth = kindForm?.oauth ?? null;
  const redirect = kindForm?.redirect ?? null;
  const keepsSecret = keepsStoredSecret(editing, value, kinds);
  const moved = movedAddresses(editing, value, kinds);
  // A template's own fields replace the form's: its secret field, and any form field that
  // is nothing but one of its placeholders ("{clientId}"), so nothing is asked twice.
  const presetHasSecret = Boolean(preset?.fields.some((field) => field.secret));
  const fromPreset = (text: string) =>
    Boolean(preset?.fields.some((field) => text.trim() === `{${field.key}}`));
  const showClientId = !fromPreset(value.clientId);
  const optionalSecret = client?.registration === 'required' && client.secret === 'optional';
  const showOptionalSecret = optionalSecret && !presetHasSecret;

  return (
    <form id={id} className="form" onSubmit={submit} noValidate>
      {preset ? (
        <PresetFields
          preset={preset}
          values={presetValues}
          problems={presetProblems}
          onChange={onPresetValues}
        />
      ) : null}

      <fieldset className="form__group">
        <legend>Provider</legend>
        <div className="segmented segmented--kinds" role="radiogroup" aria-label="Kind of provider">
          {kinds.map((option) => (
            <label
              key={option.kind}
              className={`segmented__option${kind === option.kind ? ' is-checked' : ''}`}
            >
              <input
                type="radio"
                name={`${radioName}-kind`}
                value={option.kind}
                checked={kind === option.kind}
                onChange={() => onChange(withKind(value, option.kind, kinds))}
              />
              <span className="segmented__label">{option.label}</span>
              <span className="segmented__detail">{option.detail}</span>
            </label>
          ))}
        </div>
        <Field label="Name" hint="How the provider is listed in this app.">
          {(props) => (
            <input
              {...props}
              value={value.name}
              maxLength={100}
              placeholder="e.g. Company Okta (staging)"
              onChange={(event) => set('name', event.target.value)}
            />
          )}
        </Field>
        {server?.field === 'issuer' && !fromPreset(value.issuer) ? (
          <UrlField
            label="Issuer URL"
            hint={
              <>
                The app reads <code>/.well-known/openid-configuration</code> from here to find the
                endpoints.
              </>
            }
            value={value.issuer}
            placeholder="https://login.example.com"
            onChange={(issuer) => set('issuer', issuer)}
          />
        ) : null}
        {server?.field === 'endpoints' ? (
          <div className="form__grid">
            {ENDPOINT_FIELDS.map((endpoint) => (
              <UrlField
                key={endpoint.key}
                label={endpoint.label}
                hint={endpoint.hint}
                optional={endpoint.key !== 'token'}
                value={value.endpoints[endpoint.key]}
                placeholder="https://"
                onChange={(url) => set('endpoints', { ...value.endpoints, [endpoint.key]: url })}
              />
            ))}
          </div>
        ) : null}
        {server?.field === 'baseUrl' && !fromPreset(value.baseUrl) ? (
          <UrlField
            label={server.label}
            hint={server.hint}
            value={value.baseUrl}
            placeholder={server.placeholder}
            onChange={(baseUrl) => set('baseUrl', baseUrl)}
          />
        ) : null}
        {moved.length ? (
          <Notice tone="warn" title="Saving points this provider at another server">
            <ul className="moved-list">
              {moved.map((address) => (
                <li key={address.label}>
                  {address.label}: <code>{address.from}</code> → <code>{address.to}</code>
                </li>
              ))}
            </ul>
            <p>
              Tokens and the client secret are only ever sent to the server they were issued for.{' '}
              {editing?.hasClientSecret && client?.registration === 'required'
                ? 'Enter the client secret again, and '
                : ''}
              every account of this provider will need to sign in again.
            </p>
          </Notice>
        ) : editing?.clientSecretProblem ? (
          <Notice tone="warn" title="The stored client secret is not used">
            {editing.clientSecretProblem}
          </Notice>
        ) : null}
      </fieldset>

      {client === undefined ? null : client.registration === 'none' ? (
        <fieldset className="form__group">
          <legend>Client</legend>
          <Notice tone="info" compact>
            <WithCode text={client.note} />
          </Notice>
        </fieldset>
      ) : optionalSecret && !showClientId && !showOptionalSecret ? null : (
        <fieldset className="form__group">
          <legend>Client</legend>
          <div className="form__grid">
            {showClientId ? (
              <Field label={client.idLabel} hint={client.idHint}>
                {(props) => (
                  <input
                    {...props}
                    spellCheck={false}
                    autoComplete="off"
                    inputMode={client.numericId ? 'numeric' : undefined}
                    value={value.clientId}
                    maxLength={500}
                    onChange={(event) => set('clientId', event.target.value)}
                  />
                )}
              </Field>
            ) : null}
            {optionalSecret ? (
              showOptionalSecret ? (
                <SecretField
                  optional
                  value={value.clientSecret}
                  keepsSecret={keepsSecret}
                  hint={client.secretHint}
                  onChange={(secret) => set('clientSecret', secret)}
                />
              ) : null
            ) : (
              <Field label="Client authentication">
                {(props) => (
                  <select
                    {...props}
                    value={value.clientAuth}
                    onChange={(event) => set('clientAuth', event.target.value as ClientAuthMethod)}
                  >
                    {[
                      ...CLIENT_AUTH_OPTIONS,
                      ...(offersKeyAuth(kindForm) ? KEY_AUTH_OPTIONS : []),
                    ].map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
          </div>
          {client.secret === 'by-auth-method' &&
          usesClientSecret(value.clientAuth) &&
          !presetHasSecret ? (
            <SecretField
              value={value.clientSecret}
              keepsSecret={keepsSecret}
              onChange={(secret) => set('clientSecret', secret)}
            />
          ) : null}
          {offersKeyAuth(kindForm) ? (
            <KeyAuthFields value={value} editing={editing} set={set} />
          ) : null}
        </fieldset>
      )}

      {oauth ? (
        <fieldset className="form__group">
          <legend>Scopes and parameters</legend>
          <Field
            label="Scopes"
            optional
            hint={
              oauth.offlineAccessHint ? (
                <>
                  Separated by spaces. <code>offline_access</code> asks for a refresh token.
                </>
              ) : (
                'Separated by spaces.'
              )
            }
          >
            {(props) => (
              <input
                {...props}
                spellCheck={false}
                value={value.scopes}
                placeholder={oauth.scopesPlaceholder}
                onChange={(event) => set('scopes', event.target.value)}
              />
            )}
          </Field>
          <ParamsEditor
            label="Authorization parameters"
            emptyHint="Sent with the browser sign-in request, e.g. an API audience or prompt=consent."
            quick={AUTH_QUICK}
            rows={value.params}
            onChange={(rows) => set('params', rows)}
          />
          <ParamsEditor
            label="Token parameters"
            emptyHint="Sent with client credentials, password and device code token requests, e.g. an API audience."
            quick={TOKEN_QUICK}
            rows={value.tokenParams}
            onChange={(rows) => set('tokenParams', rows)}
          />
        </fieldset>
      ) : null}

      <NetworkFields value={value} editing={editing} set={set} />

      {redirect === null ? null : (
        <fieldset className="form__group">
          <legend>Redirect</legend>
          {redirect.note ? <p className="field__hint form__lead">{redirect.note}</p> : null}
          <div className="choice-list" role="radiogroup" aria-label="Redirect URI">
            {REDIRECTS.map(([option, label, detail]) => (
              <label key={option} className="choice">
                <input
                  type="radio"
                  name={`${radioName}-redirect`}
                  value={option}
                  checked={value.redirectKind === option}
                  onChange={() => set('redirectKind', option)}
                />
                <span>
                  <span className="choice__label">{label}</span>
                  <span className="choice__detail">
                    {detail}
                    {option === 'custom-scheme' && redirect.implicitNeedsLoopback
                      ? ' No implicit flow with it: another app could claim the scheme and read the token.'
                      : null}
                  </span>
                </span>
              </label>
            ))}
          </div>
          <RedirectHint kind={value.redirectKind} editing={editing} uris={redirectUris} />
        </fieldset>
      )}
    </form>
  );
}

/** A sentence from main with `code` spans in backticks, shown with them as code. */
function WithCode({ text }: { text: string }) {
  return (
    <>
      {text
        .split('`')
        .map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}
    </>
  );
}

/** A URL typed by hand: the URL keyboard, no spell check. */
function UrlField({
  label,
  hint,
  optional = false,
  value,
  placeholder,
  onChange,
}: {
  label: string;
  hint?: ReactNode;
  optional?: boolean;
  value: string;
  placeholder: string;
  onChange: (url: string) => void;
}) {
  return (
    <Field label={label} hint={hint} optional={optional}>
      {(props) => (
        <input
          {...props}
          type="url"
          inputMode="url"
          spellCheck={false}
          value={value}
          placeholder={placeholder}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

function SecretField({
  value,
  keepsSecret,
  optional = false,
  hint,
  onChange,
}: {
  value: string;
  keepsSecret: boolean;
  optional?: boolean;
  hint?: string;
  onChange: (secret: string) => void;
}) {
  return (
    <Field
      label="Client secret"
      optional={optional}
      hint={
        keepsSecret
          ? 'A secret is stored for this provider. Leave this empty to keep it.'
          : (hint ?? 'Stored encrypted in the vault and never shown again.')
      }
    >
      {(props) => (
        <input
          {...props}
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          value={value}
          placeholder={keepsSecret ? '•••••••• (stored)' : ''}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
