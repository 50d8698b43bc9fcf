import type { AccountsDelta, AccountSummary } from '../../../contract/domain.ts';

/**
 * The list after one change event: changed accounts replaced where they are (or added at the
 * end), removed ones dropped, every other summary the same object as before, so the rows
 * that show them are not rendered again. Applying a delta twice gives the same list.
 */
export function applyAccountsDelta(
  list: readonly AccountSummary[] | undefined,
  delta: AccountsDelta,
): AccountSummary[] {
  if (delta.reset || !list) return delta.changed;
  const removed = new Set(delta.removed);
  const changed = new Map(delta.changed.map((account) => [account.id, account]));
  const next: AccountSummary[] = [];
  for (const account of list) {
    if (removed.has(account.id)) continue;
    const updated = changed.get(account.id);
    if (updated) changed.delete(account.id);
    next.push(updated ?? account);
  }
  next.push(...changed.values());
  return next;
}
