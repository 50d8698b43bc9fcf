import { useRef, useState } from 'react';
import type { ProviderPreset } from '../../../../contract/domain.ts';
import { copyText } from '../../lib/copy-text.ts';
import { Button } from '../ui/button.tsx';
import { Field } from '../ui/field.tsx';
import { InlineCode } from '../ui/inline-code.tsx';

/**
 * What a template says about itself and the few values it still needs (client ID, tenant,
 * domain…), substituted for its `{key}` placeholders when the provider is added.
 */
export function PresetFields({
  preset,
  values,
  problems,
  onChange,
}: {
  preset: ProviderPreset;
  values: Record<string, string>;
  problems: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}) {
  return (
    <fieldset className="form__group">
      <legend>{preset.name}</legend>
      <p className="preset-intro">
        <InlineCode text={preset.description} />
      </p>
      {preset.fields.length > 0 ? (
        <div className="form__grid">
          {preset.fields.map((field) => (
            <Field
              key={field.key}
              label={field.label}
              hint={field.hint}
              optional={field.optional}
              error={problems[field.key]}
            >
              {(props) => (
                <input
                  {...props}
                  type={field.secret ? 'password' : 'text'}
                  autoComplete={field.secret ? 'new-password' : 'off'}
                  spellCheck={false}
                  placeholder={field.placeholder}
                  value={values[field.key] ?? ''}
                  onChange={(event) => onChange({ ...values, [field.key]: event.target.value })}
                />
              )}
            </Field>
          ))}
        </div>
      ) : null}
      {preset.docsUrl ? <DocsLink url={preset.docsUrl} /> : null}
    </fieldset>
  );
}

/** The provider's setup guide, as text to copy: this window opens no web pages itself. */
function DocsLink({ url }: { url: string }) {
  const text = useRef<HTMLSpanElement>(null);
  const [copied, setCopied] = useState<boolean | undefined>();
  return (
    <>
      <div className="docs-link">
        <span className="docs-link__label">Setup guide</span>
        <span ref={text} className="docs-link__url mono" title={url}>
          {url}
        </span>
        <Button
          size="sm"
          variant="ghost"
          icon={copied ? 'check' : 'copy'}
          aria-label={copied ? 'Setup guide link copied' : 'Copy the setup guide link'}
          onClick={() => void copyText(url, text.current).then(setCopied)}
        />
      </div>
      {copied === false ? (
        <p className="field__error">Could not copy. Select the link and copy it yourself.</p>
      ) : null}
    </>
  );
}
