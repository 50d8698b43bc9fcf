import { paramRow, type AuthParamRow } from '../lib/provider-form-state.ts';
import { Button } from './button.tsx';

const QUICK_PARAMS: { key: string; placeholder: string }[] = [
  { key: 'audience', placeholder: 'https://api.example.com' },
  { key: 'resource', placeholder: 'https://api.example.com' },
  { key: 'prompt', placeholder: 'consent' },
];

/** Extra authorization request parameters as key/value rows, with the common ones one click away. */
export function AuthParamsEditor({
  rows,
  onChange,
}: {
  rows: AuthParamRow[];
  onChange: (rows: AuthParamRow[]) => void;
}) {
  const update = (id: number, change: Partial<AuthParamRow>) =>
    onChange(rows.map((row) => (row.id === id ? { ...row, ...change } : row)));
  const present = new Set(rows.map((row) => row.key.trim()));

  return (
    <div className="params" role="group" aria-labelledby="params-heading">
      <div className="params__head">
        <span id="params-heading" className="field__label">
          Extra parameters <span className="field__optional">optional</span>
        </span>
        <div className="params__quick">
          {QUICK_PARAMS.map((param) => (
            <Button
              key={param.key}
              size="sm"
              variant="ghost"
              icon="plus"
              disabled={present.has(param.key)}
              onClick={() => onChange([...rows, paramRow(param.key)])}
            >
              {param.key}
            </Button>
          ))}
          <Button
            size="sm"
            variant="ghost"
            icon="plus"
            onClick={() => onChange([...rows, paramRow()])}
          >
            Other
          </Button>
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="field__hint">Sent with the authorization request, e.g. an API audience.</p>
      ) : (
        <ul className="params__rows">
          {rows.map((row, index) => (
            <li key={row.id} className="params__row">
              <input
                className="input mono"
                aria-label={`Parameter ${index + 1} name`}
                value={row.key}
                placeholder="name"
                spellCheck={false}
                onChange={(event) => update(row.id, { key: event.target.value })}
              />
              <span aria-hidden="true" className="params__eq">
                =
              </span>
              <input
                className="input mono"
                aria-label={`${row.key.trim() || `Parameter ${index + 1}`} value`}
                value={row.value}
                placeholder={QUICK_PARAMS.find((p) => p.key === row.key)?.placeholder ?? 'value'}
                spellCheck={false}
                onChange={(event) => update(row.id, { value: event.target.value })}
              />
              <Button
                size="sm"
                variant="ghost"
                icon="close"
                aria-label={`Remove parameter ${row.key.trim() || index + 1}`}
                onClick={() => onChange(rows.filter((other) => other.id !== row.id))}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
