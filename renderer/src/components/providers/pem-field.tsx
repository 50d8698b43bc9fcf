import type { ChangeEvent } from 'react';
import { Field } from '../ui/field.tsx';

/** A PEM text pasted, or read from a file the user picks (read here, never sent as a path). */
export function PemField({
  label,
  hint,
  value,
  placeholder,
  optional = false,
  secret = false,
  onChange,
}: {
  label: string;
  hint: string;
  value: string;
  placeholder: string;
  optional?: boolean;
  /** A private key: no spell check, no autocomplete. */
  secret?: boolean;
  onChange: (text: string) => void;
}) {
  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file && file.size < 64 * 1024) onChange(await file.text());
  };
  return (
    <Field label={label} hint={hint} optional={optional}>
      {(props) => (
        <div className="pem-field">
          <textarea
            {...props}
            rows={4}
            spellCheck={false}
            autoComplete={secret ? 'off' : undefined}
            className="input input--pem"
            value={value}
            placeholder={placeholder}
            onChange={(event) => onChange(event.target.value)}
          />
          <label className="btn btn--ghost btn--sm pem-field__file">
            Choose file…
            <input
              type="file"
              accept=".pem,.crt,.cer,.key,.json,text/plain"
              className="visually-hidden"
              onChange={(event) => void pick(event)}
            />
          </label>
        </div>
      )}
    </Field>
  );
}
