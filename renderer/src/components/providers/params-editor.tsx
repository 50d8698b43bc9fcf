import { useEffect, useId, useRef, type ReactNode } from 'react';
import { paramRow, type ParamRow } from '../../lib/provider-form-state.ts';
import { Button } from '../ui/button.tsx';

export interface QuickParam {
  key: string;
  placeholder: string;
}

/** Extra request parameters as key/value rows, with the common ones one click away. */
export function ParamsEditor({
  label,
  emptyHint,
  quick,
  rows,
  onChange,
}: {
  label: string;
  /** Shown while there are no rows: where these parameters go. */
  emptyHint: ReactNode;
  quick: QuickParam[];
  rows: ParamRow[];
  onChange: (rows: ParamRow[]) => void;
}) {
  const headingId = useId();
  const list = useRef<HTMLUListElement>(null);
  // A row added from the buttons takes the focus: its value for a named one, else its name.
  const added = useRef<{ id: number; field: 'name' | 'value' } | undefined>(undefined);
  // After the render that shows the new row.
  useEffect(() => {
    const target = added.current;
    if (!target) return;
    added.current = undefined;
    list.current
      ?.querySelector<HTMLInputElement>(`[data-row="${target.id}"][data-field="${target.field}"]`)
      ?.focus();
  });
  const add = (key: string) => {
    const row = paramRow(key);
    added.current = { id: row.id, field: key ? 'value' : 'name' };
    onChange([...rows, row]);
  };
  const update = (id: number, change: Partial<ParamRow>) =>
    onChange(rows.map((row) => (row.id === id ? { ...row, ...change } : row)));
  const present = new Set(rows.map((row) => row.key.trim()));

  return (
    <div className="params" role="group" aria-labelledby={headingId}>
      <div className="params__head">
        <span id={headingId} className="field__label">
          {label} <span className="field__optional">optional</span>
        </span>
        <div className="params__quick">
          {quick.map((param) => (
            <Button
              key={param.key}
              size="sm"
              variant="ghost"
              icon="plus"
              disabled={present.has(param.key)}
              aria-label={`Add ${param.key} to ${label.toLowerCase()}`}
              onClick={() => add(param.key)}
            >
              {param.key}
            </Button>
          ))}
          <Button
            size="sm"
            variant="ghost"
            icon="plus"
            aria-label={`Other parameter: add one to ${label.toLowerCase()}`}
            onClick={() => add('')}
          >
            Other
          </Button>
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="field__hint">{emptyHint}</p>
      ) : (
        <ul ref={list} className="params__rows">
          {rows.map((row, index) => (
            <li key={row.id} className="params__row">
              <input
                className="input mono"
                data-row={row.id}
                data-field="name"
                aria-label={`${label}: parameter ${index + 1} name`}
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
                data-row={row.id}
                data-field="value"
                aria-label={`${label}: ${row.key.trim() || `parameter ${index + 1}`} value`}
                value={row.value}
                placeholder={quick.find((p) => p.key === row.key)?.placeholder ?? 'value'}
                spellCheck={false}
                onChange={(event) => update(row.id, { value: event.target.value })}
              />
              <Button
                size="sm"
                variant="ghost"
                icon="close"
                aria-label={`Remove ${row.key.trim() || `parameter ${index + 1}`} from ${label.toLowerCase()}`}
                onClick={() => onChange(rows.filter((other) => other.id !== row.id))}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
