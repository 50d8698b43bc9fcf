import type { FormEvent } from 'react';
import type { ClientAuthMethod, ProviderPreset, ProviderSummary } from '../../../preload/api.ts';
import { ENDPOINT_FIELDS, type ProviderFormState } from '../lib/provider-form-state.ts';
import { AuthParamsEditor } from './auth-params-editor.tsx';
import { Field } from './field.tsx';
import { RedirectHint } from './redirect-hint.tsx';

const CLIENT_AUTH_OPTIONS: { value: ClientAuthMethod; label: string }[] = [
  { value: 'none', label: 'None — public client with PKCE' },
  { value: 'client_secret_basic', label: 'Client secret, HTTP Basic (client_secret_basic)' },
  { value: 'client_secret_post', label: 'Client secret, in the body (client_secret_post)' },
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
  onPresetValues,
  customScheme,
}: {
  id: string;
  value: ProviderFormState;
  onChange: (next: ProviderFormState) => void;
  onSubmit: () => void;
  editing?: ProviderSummary | undefined;
  preset?: ProviderPreset | undefined;
  presetValues: Record<string, string>;
  onPresetValues: (values: Record<string, string>) => void;
  customScheme: string;
}) {
  const set = <K extends keyof ProviderFormState>(key: K, next: ProviderFormState[K]) =>
    onChange({ ...value, [key]: next });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  const needsSecret = value.clientAuth !== 'none';
  const keepsSecret = Boolean(editing?.hasClientSecret);

  return (
    <form id={id} className="form" onSubmit={submit} noValidate>
      {preset && preset.fields.length > 0 ? (
        <fieldset className="form__group">
          <legend>{preset.name}</legend>
          {preset.fields.map((field) => (
            <Field key={field.key} label={field.label} hint={field.hint}>
              {(props) => (
                <input
                  {...props}
                  type={field.secret ? 'password' : 'text'}
                  autoComplete="off"
                  placeholder={field.placeholder}
                  value={presetValues[field.key] ?? ''}
                  onChange={(event) =>
                    onPresetValues({ ...presetValues, [field.key]: event.target.value })
                  }
                />
              )}
            </Field>
          ))}
        </fieldset>
      ) : null}

      <fieldset className="form__group">
        <legend>Provider</legend>
        <div className="segmented" role="radiogroup" aria-label="Kind of provider">
          {(
            [
              ['oidc', 'OpenID Connect', 'Endpoints from the issuer’s discovery document'],
              ['oauth2', 'OAuth 2.0', 'Endpoints entered by hand'],
            ] as const
          ).map(([kind, label, detail]) => (
            <label
              key={kind}
              className={`segmented__option${value.kind === kind ? ' is-checked' : ''}`}
            >
              <input
                type="radio"
                name={`${id}-kind`}
                value={kind}
                checked={value.kind === kind}
                onChange={() => set('kind', kind)}
              />
              <span className="segmented__label">{label}</span>
              <span className="segmented__detail">{detail}</span>
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
        {value.kind === 'oidc' ? (
          <Field
            label="Issuer URL"
            hint={
              <>
                The app reads <code>/.well-known/openid-configuration</code> from here to find the
                endpoints.
              </>
            }
          >
            {(props) => (
              <input
                {...props}
                type="url"
                inputMode="url"
                spellCheck={false}
                value={value.issuer}
                placeholder="https://login.example.com"
                onChange={(event) => set('issuer', event.target.value)}
              />
            )}
          </Field>
        ) : (
          <div className="form__grid">
            {ENDPOINT_FIELDS.map((endpoint) => (
              <Field
                key={endpoint.key}
                label={endpoint.label}
                hint={endpoint.hint}
                optional={endpoint.key !== 'token'}
              >
                {(props) => (
                  <input
                    {...props}
                    type="url"
                    inputMode="url"
                    spellCheck={false}
                    value={value.endpoints[endpoint.key]}
                    placeholder="https://"
                    onChange={(event) =>
                      set('endpoints', { ...value.endpoints, [endpoint.key]: event.target.value })
                    }
                  />
                )}
              </Field>
            ))}
          </div>
        )}
      </fieldset>

      <fieldset className="form__group">
        <legend>Client</legend>
        <div className="form__grid">
          <Field label="Client ID" hint="As registered at the provider.">
            {(props) => (
              <input
                {...props}
                spellCheck={false}
                autoComplete="off"
                value={value.clientId}
                maxLength={500}
                onChange={(event) => set('clientId', event.target.value)}
              />
            )}
          </Field>
          <Field label="Client authentication">
            {(props) => (
              <select
                {...props}
                value={value.clientAuth}
                onChange={(event) => set('clientAuth', event.target.value as ClientAuthMethod)}
              >
                {CLIENT_AUTH_OPTIONS.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {needsSecret ? (
          <Field
            label="Client secret"
            hint={
              keepsSecret
                ? 'A secret is stored for this provider. Leave this empty to keep it.'
                : 'Stored encrypted in the vault and never shown again.'
            }
          >
            {(props) => (
              <input
                {...props}
                type="password"
                autoComplete="new-password"
                spellCheck={false}
                value={value.clientSecret}
                placeholder={keepsSecret ? '•••••••• (stored)' : ''}
                onChange={(event) => set('clientSecret', event.target.value)}
              />
            )}
          </Field>
        ) : null}
      </fieldset>

      <fieldset className="form__group">
        <legend>Authorization request</legend>
        <Field
          label="Scopes"
          optional
          hint={
            <>
              Separated by spaces. <code>offline_access</code> asks for a refresh token.
            </>
          }
        >
          {(props) => (
            <input
              {...props}
              spellCheck={false}
              value={value.scopes}
              placeholder="openid profile email offline_access"
              onChange={(event) => set('scopes', event.target.value)}
            />
          )}
        </Field>
        <AuthParamsEditor rows={value.params} onChange={(rows) => set('params', rows)} />
      </fieldset>

      <fieldset className="form__group">
        <legend>Redirect</legend>
        <div className="choice-list" role="radiogroup" aria-label="Redirect URI">
          {(
            [
              [
                'loopback',
                'Loopback',
                'A one-time listener on 127.0.0.1 (recommended for desktop apps).',
              ],
              [
                'custom-scheme',
                'Custom scheme',
                'The browser hands the response to the app by its URL scheme.',
              ],
            ] as const
          ).map(([kind, label, detail]) => (
            <label key={kind} className="choice">
              <input
                type="radio"
                name={`${id}-redirect`}
                value={kind}
                checked={value.redirectKind === kind}
                onChange={() => set('redirectKind', kind)}
              />
              <span>
                <span className="choice__label">{label}</span>
                <span className="choice__detail">{detail}</span>
              </span>
            </label>
          ))}
        </div>
        <RedirectHint kind={value.redirectKind} editing={editing} customScheme={customScheme} />
      </fieldset>
    </form>
  );
}
