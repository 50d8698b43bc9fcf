import type { AccountSummary, RefreshAllResult } from '../../../contract/domain.ts';
import type { BoundedRunner } from '../bounded-runner.ts';
import { toAppError } from '../errors.ts';

/**
 * "Refresh all" (everything, or one provider's accounts): through the same bounded runner as
 * the background, so a few run at once, a few per provider, never two for one account.
 * Resolves when all are done, with how many succeeded and which failed (no token values).
 */
export async function refreshAll(
  deps: {
    accounts: { summaries(): AccountSummary[]; refresh(id: string): Promise<unknown> };
    runner: BoundedRunner;
  },
  providerId?: string,
): Promise<RefreshAllResult> {
  const targets = deps.accounts
    .summaries()
    .filter((a) => a.actions.refresh.available && (!providerId || a.providerId === providerId));
  const results = await Promise.allSettled(
    targets.map((account) =>
      deps.runner.run(account.id, account.providerId, () => deps.accounts.refresh(account.id)),
    ),
  );
  const failed: RefreshAllResult['failed'] = [];
  results.forEach((result, i) => {
    if (result.status === 'rejected') {
      const account = targets[i]!;
      failed.push({
        id: account.id,
        label: account.label,
        error: toAppError(result.reason, account.providerName).toInfo(),
      });
    }
  });
  return { refreshed: targets.length - failed.length, failed };
}
