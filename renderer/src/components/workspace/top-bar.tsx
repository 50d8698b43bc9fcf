import type { AccountSummary, VaultStatus } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useClock } from '../../lib/clock.ts';
import { EXPIRING_SOON_MS } from '../../lib/time.ts';
import { Button } from '../ui/button.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Icon } from '../ui/icon.tsx';
import { ShareMenu } from '../providers/share-menu.tsx';

/** "3 accounts · 1 expiring soon · 1 expired · 1 needs sign-in". */
function summarize(accounts: AccountSummary[], now: number): string {
  if (accounts.length === 0) return '';
  const active = accounts.filter((a) => a.status === 'active' && a.expiresAt !== null);
  const expired = active.filter((a) => a.expiresAt! <= now).length;
  const soon = active.filter(
    (a) => a.expiresAt! > now && a.expiresAt! - now < EXPIRING_SOON_MS,
  ).length;
  const blocked = accounts.filter((a) => a.status !== 'active').length;
  const parts = [`${accounts.length} ${accounts.length === 1 ? 'account' : 'accounts'}`];
  if (soon) parts.push(`${soon} expiring soon`);
  if (expired) parts.push(`${expired} expired`);
  if (blocked) parts.push(`${blocked} ${blocked === 1 ? 'needs' : 'need'} sign-in`);
  return parts.join(' · ');
}

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
  // On the rows' clock, so the summary never lags them; re-rendered only when its words change.
  const summary = useClock((now) => summarize(accounts, now));
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <span className="topbar__logo" aria-hidden="true">
          <Icon name="key" size={16} />
        </span>
        <span className="topbar__name">Token Desk</span>
        <span className="topbar__summary">{summary}</span>
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
