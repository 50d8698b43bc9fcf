import type { PassphraseProblems } from '../../lib/passphrase.ts';
import { MIN_PASSPHRASE_LENGTH } from '../../lib/passphrase.ts';
import { Field } from '../ui/field.tsx';

/** A new passphrase typed twice, with the problems found once the user tried to submit. */
export function NewPassphraseFields({
  passphrase,
  confirm,
  onPassphrase,
  onConfirm,
  problems,
  autoFocus = false,
}: {
  passphrase: string;
  confirm: string;
  onPassphrase: (value: string) => void;
  onConfirm: (value: string) => void;
  problems: PassphraseProblems | undefined;
  autoFocus?: boolean;
}) {
  return (
    <div className="form__grid">
      <Field
        label="Master passphrase"
        hint={`At least ${MIN_PASSPHRASE_LENGTH} characters. It cannot be recovered if you forget it.`}
        error={problems?.passphrase}
      >
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="new-password"
            value={passphrase}
            data-autofocus={autoFocus || undefined}
            onChange={(event) => onPassphrase(event.target.value)}
          />
        )}
      </Field>
      <Field label="Confirm passphrase" error={problems?.confirm}>
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(event) => onConfirm(event.target.value)}
          />
        )}
      </Field>
    </div>
  );
}
