import { useState } from 'react';

const VISIBLE = 3;

/** Granted scopes as compact chips; the rest behind "+N", which expands in place. */
export function ScopeChips({ scopes }: { scopes: string[] }) {
  const [expanded, setExpanded] = useState(false);
  if (scopes.length === 0) return <span className="muted">No scopes reported</span>;
  const shown = expanded ? scopes : scopes.slice(0, VISIBLE);
  const hidden = scopes.length - shown.length;
  return (
    <ul className="chips" aria-label="Scopes" title={scopes.join(' ')}>
      {shown.map((scope) => (
        <li key={scope} className="chip">
          {scope}
        </li>
      ))}
      {hidden > 0 || expanded ? (
        <li>
          <button
            type="button"
            className="chip chip--more"
            aria-expanded={expanded}
            aria-label={
              expanded
                ? 'Show fewer scopes'
                : `Show ${hidden} more ${hidden === 1 ? 'scope' : 'scopes'}`
            }
            onClick={() => setExpanded(!expanded)}
          >
            {expanded ? 'less' : `+${hidden}`}
          </button>
        </li>
      ) : null}
    </ul>
  );
}
