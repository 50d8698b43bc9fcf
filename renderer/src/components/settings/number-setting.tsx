import { useState, type ReactNode } from 'react';
import { Field } from '../ui/field.tsx';

/**
 * A whole-number setting with its unit after the box. Typing edits a draft; the value is saved
 * on Enter or when the box loses focus, or refused with the range in words.
 */
export function NumberSetting({
  label,
  hint,
  unit,
  value,
  min,
  max,
  disabled = false,
  onSave,
  onInvalid,
}: {
  label: ReactNode;
  hint: ReactNode;
  unit: string;
  value: number;
  min: number;
  max: number;
  disabled?: boolean;
  onSave: (value: number) => void;
  onInvalid: (message: string) => void;
}) {
  // What is typed, for the value it was typed over: once the stored value changes (saved), the
  // box shows the stored value again.
  const [typed, setTyped] = useState<{ over: number; text: string } | undefined>();
  const draft = typed?.over === value ? typed.text : String(value);

  const commit = () => {
    if (draft === String(value)) return;
    const parsed = Number(draft);
    if (!/^\d+$/.test(draft.trim()) || parsed < min || parsed > max) {
      onInvalid(`Enter a whole number of ${unit} from ${min} to ${max}.`);
      return;
    }
    onSave(parsed);
  };

  return (
    <Field label={label} hint={hint}>
      {(props) => (
        <span className="input-suffix">
          <input
            {...props}
            className="input input--narrow tabular"
            inputMode="numeric"
            disabled={disabled}
            value={draft}
            onChange={(event) => setTyped({ over: value, text: event.target.value })}
            onBlur={commit}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                commit();
              }
            }}
          />
          <span className="muted">{unit}</span>
        </span>
      )}
    </Field>
  );
}
