import { useId } from 'react';
import type { ProviderSummary, ProxyMode } from '../../../../contract/domain.ts';
import type { ProviderFormState } from '../../lib/provider-form-state.ts';
import { Field } from '../ui/field.tsx';
import { PemField } from './pem-field.tsx';

const PROXIES: [ProxyMode, string, string][] = [
  ['system', 'System settings', 'The proxy your computer is set to use (PAC files included).'],
  ['none', 'No proxy', 'Connect to the provider directly, whatever the system says.'],
  ['url', 'This proxy', 'An HTTP proxy for this provider only; its password is kept in the vault.'],
];

/** Proxy and trusted CAs for one provider. */
export function NetworkFields({
  value,
  editing,
  set,
}: {
  value: ProviderFormState;
  editing?: ProviderSummary | undefined;
  set: <K extends keyof ProviderFormState>(key: K, next: ProviderFormState[K]) => void;
}) {
  const name = useId();
  const storedPassword = Boolean(editing?.hasProxyPassword) && value.proxy === 'url';
  return (
    <fieldset className="form__group">
      <legend>Network</legend>
      <p className="field__hint form__lead">
        Used for the app’s own calls to this provider: discovery, keys (JWKS), token, refresh,
        revocation, introspection and userinfo. The sign-in page opens in your browser, which uses
        its own settings. Addresses on 127.0.0.1 never go through a proxy.
      </p>
      <div className="choice-list" role="radiogroup" aria-label="Proxy">
        {PROXIES.map(([option, label, detail]) => (
          <label key={option} className="choice">
            <input
              type="radio"
              name={`${name}-proxy`}
              value={option}
              checked={value.proxy === option}
              onChange={() => set('proxy', option)}
            />
            <span>
              <span className="choice__label">{label}</span>
              <span className="choice__detail">{detail}</span>
            </span>
          </label>
        ))}
      </div>
      {value.proxy === 'url' ? (
        <div className="form__grid">
          <Field label="Proxy URL" hint="http://host:port or https://host:port, no credentials.">
            {(props) => (
              <input
                {...props}
                type="url"
                inputMode="url"
                spellCheck={false}
                placeholder="http://proxy.example.com:3128"
                value={value.proxyUrl}
                onChange={(event) => set('proxyUrl', event.target.value)}
              />
            )}
          </Field>
          <Field label="Proxy user name" optional>
            {(props) => (
              <input
                {...props}
                spellCheck={false}
                autoComplete="off"
                value={value.proxyUsername}
                onChange={(event) => set('proxyUsername', event.target.value)}
              />
            )}
          </Field>
          <Field
            label="Proxy password"
            optional
            hint={storedPassword ? 'A password is stored. Leave this empty to keep it.' : undefined}
          >
            {(props) => (
              <input
                {...props}
                type="password"
                autoComplete="new-password"
                value={value.proxyPassword}
                placeholder={storedPassword ? '•••••••• (stored)' : ''}
                onChange={(event) => set('proxyPassword', event.target.value)}
              />
            )}
          </Field>
        </div>
      ) : null}
      <PemField
        label="Trusted CA certificates"
        optional
        hint="Your organisation’s CA (PEM), trusted for this provider only, on top of the system’s certificates."
        placeholder="-----BEGIN CERTIFICATE-----"
        value={value.extraCa}
        onChange={(text) => set('extraCa', text)}
      />
    </fieldset>
  );
}
