import { useEffect, useState } from 'react';
import type { AccountSummary, Inspection } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { InspectionSectionView } from './inspection-section.tsx';
import { RelativeTime } from '../ui/relative-time.tsx';
import { TokenReveal } from './token-reveal.tsx';
import { SignInDeadline } from './sign-in-deadline.tsx';
import { TokenHistory } from './token-history.tsx';

/**
 * What the tokens say (decoded locally) and what the provider says about them (UserInfo,
 * introspection). Revealed tokens live in this panel's state only and are gone once it closes.
 */
export function InspectPanel({
  account,
  onClose,
}: {
  account: AccountSummary;
  onClose: () => void;
}) {
  const [inspection, setInspection] = useState<Inspection | undefined>();
  const inspect = useAction(() => tokenManager().accounts.inspect(account.id));

  const load = async () => {
    const result = await inspect.run();
    if (result.ok) setInspection(result.value);
  };

  useEffect(() => {
    // Inspect once when the panel opens (showing "Asking…" at once); "Inspect again" asks again.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <Dialog
      variant="drawer"
      title={account.label}
      subtitle={`${account.providerName}${account.subject ? ` · sub ${account.subject}` : ''}`}
      onClose={onClose}
    >
      <div className="inspect-toolbar">
        <p className="muted" aria-live="polite">
          {inspect.pending ? (
            `Asking ${account.providerName}…`
          ) : inspection ? (
            <>
              Inspected <RelativeTime at={inspection.inspectedAt} coarse />
            </>
          ) : null}
        </p>
        <Button size="sm" icon="refresh" pending={inspect.pending} onClick={() => void load()}>
          Inspect again
        </Button>
      </div>

      {account.signInNeededBy !== null ? (
        <p className="inspect-deadline">
          <SignInDeadline at={account.signInNeededBy} />{' '}
          <span className="muted">({account.providerName} said when this session ends.)</span>
        </p>
      ) : null}

      <h3 className="inspect-heading">Raw tokens</h3>
      <section className="inspect-tokens" aria-label="Raw tokens">
        <TokenReveal accountId={account.id} kind="access" />
        {account.hasIdToken ? <TokenReveal accountId={account.id} kind="id" /> : null}
      </section>

      <h3 className="inspect-heading">What the tokens and the provider say</h3>
      <ErrorMessage error={inspect.error} />
      {inspection ? (
        <div className="inspect-sections">
          {inspection.sections.map((section) => (
            <InspectionSectionView key={section.id} section={section} />
          ))}
        </div>
      ) : inspect.pending ? (
        <div className="skeleton-list" aria-hidden="true">
          <div className="skeleton" />
          <div className="skeleton" />
          <div className="skeleton" />
        </div>
      ) : null}

      <h3 className="inspect-heading">History</h3>
      <TokenHistory account={account} />
    </Dialog>
  );
}
