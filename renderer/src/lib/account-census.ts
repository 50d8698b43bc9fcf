import type { AccountSummary } from '../../../contract/domain.ts';
import { EXPIRING_SOON_MS } from './time.ts';

/**
 * What the window's one-line health summary needs from the account list, taken once per change
 * of the list: then each tick of the clock costs two binary searches, not a pass over every
 * account.
 */
export interface AccountCensus {
  total: number;
  /** Accounts that need a sign-in (reauth-required, revoked, error). */
  blocked: number;
  /** Expiry of every active account that has one, ascending. */
  expiries: readonly number[];
}

export function takeCensus(accounts: readonly AccountSummary[]): AccountCensus {
  const expiries: number[] = [];
  let blocked = 0;
  for (const account of accounts) {
    if (account.status !== 'active') blocked++;
    else if (account.expiresAt !== null) expiries.push(account.expiresAt);
  }
  return { total: accounts.length, blocked, expiries: expiries.sort((a, b) => a - b) };
}

/** How many of the ascending `values` are at most `limit`. */
function countAtMost(values: readonly number[], limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** "3 accounts · 1 expiring soon · 1 expired · 1 needs sign-in"; empty without accounts. */
export function describeCensus(census: AccountCensus, now: number): string {
  const { total, blocked, expiries } = census;
  if (total === 0) return '';
  const expired = countAtMost(expiries, now);
  // Expiring soon: after now and less than EXPIRING_SOON_MS away.
  const soon = countAtMost(expiries, now + EXPIRING_SOON_MS - 1) - expired;
  const parts = [`${total} ${total === 1 ? 'account' : 'accounts'}`];
  if (soon) parts.push(`${soon} expiring soon`);
  if (expired) parts.push(`${expired} expired`);
  if (blocked) parts.push(`${blocked} ${blocked === 1 ? 'needs' : 'need'} sign-in`);
  return parts.join(' · ');
}
