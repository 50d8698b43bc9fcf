import { forwardRef, type KeyboardEvent } from 'react';
import { Button } from '../ui/button.tsx';
import { Icon } from '../ui/icon.tsx';

/**
 * Find: filters the accounts by label, subject, provider name and scopes, and says how many
 * match. Ctrl/Cmd+F or `/` focuses it; Escape clears it (and, when empty, goes back to the list).
 */
export const FindBar = forwardRef<
  HTMLInputElement,
  {
    query: string;
    onQuery: (query: string) => void;
    matches: number;
    total: number;
    onShowShortcuts: () => void;
  }
>(function FindBar({ query, onQuery, matches, total, onShowShortcuts }, ref) {
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    if (query) onQuery('');
    else event.currentTarget.blur();
  };
  return (
    <div className="findbar" role="search">
      <label className="findbar__field">
        <Icon name="inspect" size={14} />
        <span className="visually-hidden">Find accounts</span>
        <input
          ref={ref}
          type="search"
          value={query}
          placeholder="Find accounts by name, subject, provider or scope"
          aria-keyshortcuts="Control+F Meta+F /"
          onChange={(event) => onQuery(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <kbd className="findbar__hint" aria-hidden="true">
          /
        </kbd>
      </label>
      <span className="findbar__count" role="status">
        {query.trim() ? `${matches} of ${total} ${total === 1 ? 'account' : 'accounts'} match` : ''}
      </span>
      <Button size="sm" variant="ghost" onClick={onShowShortcuts} aria-keyshortcuts="?">
        Keyboard shortcuts
      </Button>
    </div>
  );
});
