import { useMemo, useRef } from 'react';
import type { AccountSummary, VaultStatus } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useClock } from '../../lib/clock.ts';
import { describeCensus, takeCensus } from '../../lib/account-census.ts';
import { Button } from '../ui/button.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Icon } from '../ui/icon.tsx';
import { ShareMenu } from '../providers/share-menu.tsx';

/** The window's header: name, a one-line health summary, and app-wide actions. */
export function TopBar({
  vault,
  accounts,
  onAddProvider,
  onSettings,
  providerCount = 0,
}: {
  vault: VaultStatus;
  accounts: AccountSummary[];
  onAddProvider: () => void;
  onSettings: () => void;
  /** How many providers there are (what "Export all" would export). */
  providerCount?: number;
}) {
  const lock = useAction(() => tokenManager().vault.lock());
  const census = useMemo(() => takeCensus(accounts), [accounts]);
  const summaryElement = useRef<HTMLSpanElement>(null);
  // On the rows' clock, so the summary never lags them; re-rendered only when its words change.
  const summary = useClock((now) => describeCensus(census, now), summaryElement);
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <span className="topbar__logo" aria-hidden="true">
          <Icon name="key" size={16} />
        </span>
        <span className="topbar__name">Token Desk</span>
        <span className="topbar__summary" ref={summaryElement}>
          {summary}
        </span>
      </div>
      <div className="topbar__actions">
        <Button size="sm" icon="plus" onClick={onAddProvider}>
          Add provider
        </Button>
        <ShareMenu providerCount={providerCount} />
        <Button size="sm" variant="ghost" icon="settings" onClick={onSettings}>
          Settings
        </Button>
        {vault.protection === 'passphrase' ? (
          <Button
            size="sm"
            variant="ghost"
            icon="lock"
            pending={lock.pending}
            onClick={() => void lock.run()}
          >
            Lock
          </Button>
        ) : null}
      </div>
      {lock.error ? (
        <div className="topbar__error">
          <ErrorMessage error={lock.error} onDismiss={() => lock.setError(undefined)} compact />
        </div>
      ) : null}
    </header>
  );
}
