import { useEffect, useRef, useState } from 'react';
import type {
  AccountSummary,
  ProviderSummary,
  Result,
  SignInFlow,
} from '../../../../contract/domain.ts';
import { withoutPileUp } from '../../lib/sign-in-cards.ts';
import { optionFor } from '../../lib/sign-in-methods.ts';
import { SignInCard } from './sign-in-card.tsx';

const AUTO_DISMISS_MS: Partial<Record<SignInFlow['status'], number>> = {
  succeeded: 8000,
  cancelled: 4000,
};

/** Sign-ins finished in this window (password, token import…) were seen finishing already. */
const DIRECT_METHODS = new Set<SignInFlow['method']>([
  'password',
  'token-import',
  'client-credentials',
]);

function dismissDelay(flow: SignInFlow): number | undefined {
  if (flow.status === 'succeeded' && DIRECT_METHODS.has(flow.method)) return 4000;
  return AUTO_DISMISS_MS[flow.status];
}

/**
 * Sign-ins in progress, non-blocking in the window's corner. Finished ones stay until
 * dismissed (failures) or for a few seconds (success, cancel).
 */
export function SignInProgress({
  flows,
  accounts,
  providers,
  onRetry,
}: {
  flows: SignInFlow[];
  accounts: AccountSummary[];
  providers: ProviderSummary[];
  onRetry: (flow: SignInFlow) => Promise<Result<unknown>>;
}) {
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const dismiss = (id: string) => setDismissed((set) => new Set(set).add(id));
  // One timer per finished flow, started when it is first seen finished: a later event for
  // another flow must not restart the clock of this one.
  const timers = useRef(new Map<string, number>());

  useEffect(() => {
    for (const flow of flows) {
      const delay = dismissDelay(flow);
      if (!delay || timers.current.has(flow.id) || dismissed.has(flow.id)) continue;
      timers.current.set(
        flow.id,
        window.setTimeout(() => dismiss(flow.id), delay),
      );
    }
  }, [flows, dismissed]);

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => window.clearTimeout(timer));
  }, []);

  const visible = withoutPileUp(flows.filter((flow) => !dismissed.has(flow.id)));
  if (visible.length === 0) return null;
  return (
    <div className="signin-stack" aria-label="Sign-ins">
      {visible.map((flow) => (
        <SignInCard
          key={flow.id}
          flow={flow}
          accountLabel={accounts.find((account) => account.id === flow.accountId)?.label}
          note={browserWarning(flow, providers)}
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

/** The provider's warning about its browser sign-in (PeerID: redirects may be refused). */
function browserWarning(flow: SignInFlow, providers: ProviderSummary[]): string | undefined {
  if (flow.method !== 'authorization-code') return undefined;
  const provider = providers.find((p) => p.id === flow.providerId);
  const option = provider ? optionFor(provider, flow.method) : undefined;
  return option?.available ? option.warning : undefined;
}
