import { useId } from 'react';
import type { ProviderSummary } from '../../../../contract/domain.ts';
import { copyText } from '../../lib/copy-text.ts';
import { usesClientCertificate, type ProviderFormState } from '../../lib/provider-form-state.ts';
import { Button } from '../ui/button.tsx';
import { PemField } from './pem-field.tsx';

/**
 * The key or certificate a client authenticates with (private_key_jwt, mutual TLS), and DPoP:
 * shown for OpenID Connect and OAuth 2.0 providers only.
 */
export function KeyAuthFields({
  value,
  editing,
  set,
}: {
  value: ProviderFormState;
  editing?: ProviderSummary | undefined;
  set: <K extends keyof ProviderFormState>(key: K, next: ProviderFormState[K]) => void;
}) {
  const name = useId();
  const savedJwks = editing?.clientAuth === 'private_key_jwt' ? editing.clientJwks : undefined;
  const savedCertificate = editing?.tlsClientCertificate;
  const keyChoices: [ProviderFormState['clientKey'], string][] = [
    ...(savedJwks
      ? [['keep', 'Keep the current key'] as [ProviderFormState['clientKey'], string]]
      : []),
    ['generate', 'Generate a new key pair'],
    ['import', 'Import a private key'],
  ];
  return (
    <>
      {value.clientAuth === 'private_key_jwt' ? (
        <div className="key-auth">
          <p className="field__hint form__lead">
            The app signs a short-lived assertion with a private key kept in the vault; register its
            public key (JWKS) at the provider.
          </p>
          <div className="choice-list" role="radiogroup" aria-label="Client key">
            {keyChoices.map(([option, label]) => (
              <label key={option} className="choice">
                <input
                  type="radio"
                  name={`${name}-key`}
                  checked={value.clientKey === option}
                  onChange={() => set('clientKey', option)}
                />
                <span className="choice__label">{label}</span>
              </label>
            ))}
          </div>
          {value.clientKey === 'import' ? (
            <PemField
              label="Private key"
              secret
              hint="PEM (-----BEGIN PRIVATE KEY-----) or a private JWK: RSA, P-256, P-384 or Ed25519. Kept in the vault."
              placeholder="-----BEGIN PRIVATE KEY-----"
              value={value.clientKeyImport}
              onChange={(text) => set('clientKeyImport', text)}
            />
          ) : null}
          {savedJwks && value.clientKey === 'keep' ? (
            <div className="jwks">
              <div className="jwks__head">
                <span className="field__label">Public key to register (JWKS)</span>
                <Button variant="ghost" size="sm" onClick={() => void copyText(savedJwks)}>
                  Copy JWKS
                </Button>
              </div>
              <pre className="jwks__text" tabIndex={0} aria-label="Public key to register (JWKS)">
                {savedJwks}
              </pre>
            </div>
          ) : (
            <p className="field__hint">The public key to register is shown here once saved.</p>
          )}
        </div>
      ) : null}

      {usesClientCertificate(value.clientAuth) ? (
        <div className="key-auth">
          <p className="field__hint form__lead">
            {value.clientAuth === 'tls_client_auth'
              ? 'The app presents a client certificate issued by a CA the provider trusts (RFC 8705); tokens may be bound to it.'
              : 'The app presents a self-signed client certificate you register at the provider (RFC 8705).'}
          </p>
          {savedCertificate ? (
            <p className="field__hint">
              Current certificate: {savedCertificate.subject}, valid until{' '}
              {new Date(savedCertificate.validTo).toLocaleDateString()}. Paste a new one to replace
              it.
            </p>
          ) : null}
          <PemField
            label="Client certificate"
            optional={Boolean(savedCertificate)}
            hint="PEM (-----BEGIN CERTIFICATE-----)."
            placeholder="-----BEGIN CERTIFICATE-----"
            value={value.tlsCertificate}
            onChange={(text) => set('tlsCertificate', text)}
          />
          <PemField
            label="Certificate key"
            secret
            optional={Boolean(savedCertificate)}
            hint="The certificate’s private key (PEM). Kept in the vault."
            placeholder="-----BEGIN PRIVATE KEY-----"
            value={value.tlsKey}
            onChange={(text) => set('tlsKey', text)}
          />
        </div>
      ) : null}

      <label className="check">
        <input
          type="checkbox"
          checked={value.dpop}
          onChange={(event) => set('dpop', event.target.checked)}
        />
        <span>
          <span className="check__label">Bind tokens to a key (DPoP)</span>
          <span className="check__detail">
            Each account gets its own key pair, and a stolen token is useless without it (RFC 9449);
            only if the provider supports DPoP.
          </span>
        </span>
      </label>
    </>
  );
}
