import { useEffect, useState } from 'react';
import type { AccountSummary, Result, SignInFlow } from '../../../preload/api.ts';
import { SignInCard } from './sign-in-card.tsx';

const AUTO_DISMISS_MS: Partial<Record<SignInFlow['status'], number>> = {
  succeeded: 8000,
  cancelled: 4000,
};

/**
 * Sign-ins in progress, non-blocking in the window's corner. Finished ones stay until
 * dismissed (failures) or for a few seconds (success, cancel).
 */
export function SignInProgress({
  flows,
  accounts,
  onRetry,
}: {
  flows: SignInFlow[];
  accounts: AccountSummary[];
  onRetry: (flow: SignInFlow) => Promise<Result<unknown>>;
}) {
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const dismiss = (id: string) => setDismissed((set) => new Set(set).add(id));

  useEffect(() => {
    const timers = flows.flatMap((flow) => {
      const delay = AUTO_DISMISS_MS[flow.status];
      return delay && !dismissed.has(flow.id)
        ? [window.setTimeout(() => dismiss(flow.id), delay)]
        : [];
    });
    return () => timers.forEach((timer) => window.clearTimeout(timer));
  }, [flows, dismissed]);

  const visible = flows.filter((flow) => !dismissed.has(flow.id));
  if (visible.length === 0) return null;
  return (
    <div className="signin-stack" aria-label="Sign-ins">
      {visible.map((flow) => (
        <SignInCard
          key={flow.id}
          flow={flow}
          accountLabel={accounts.find((account) => account.id === flow.accountId)?.label}
          onDismiss={() => dismiss(flow.id)}
          onRetry={() => {
            dismiss(flow.id);
            void onRetry(flow);
          }}
        />
      ))}
    </div>
  );
}
