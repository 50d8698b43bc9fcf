/**
 * The request budget of the test servers: every stand-in and the test IdP write each request
 * they receive to a {@link RequestLedger}, keyed by the account (or client) it acts for, and
 * {@link expectWithinBudget} fails a test when any account got more requests than a provider
 * would tolerate from a well-behaved app. This is how tests see background traffic from the
 * provider's side instead of trusting the app's own counters.
 */

export interface LedgerEntry {
  at: number;
  /** Whom the request acts for: `user:<id>`, `client:<id>`, `token:<prefix>`, or `anonymous`. */
  account: string;
  method: string;
  path: string;
}

export class RequestLedger {
  readonly entries: LedgerEntry[] = [];

  record(entry: LedgerEntry): void {
    this.entries.push(entry);
  }

  /** Requests per account, optionally only those at or after `since` (epoch ms). */
  countsByAccount(since = 0): Map<string, number> {
    const counts = new Map<string, number>();
    for (const e of this.entries) {
      if (e.at >= since) counts.set(e.account, (counts.get(e.account) ?? 0) + 1);
    }
    return counts;
  }
}

export interface RequestBudget {
  /** At most this many requests per account … */
  max: number;
  /** … within any window of this many milliseconds. */
  perMs: number;
  /** Only requests at or after this instant (e.g. after the sign-in finished). */
  since?: number;
  /** Only requests to these paths. */
  paths?: string[];
}

/**
 * A sane background rate: an account refreshed at most twice per 15 s window, which the
 * scheduler's hard floor (one attempt per 15 s) keeps well within.
 */
export const BACKGROUND_BUDGET: RequestBudget = { max: 2, perMs: 15_000 };

/** Accounts whose requests exceed `budget` in some window, with the worst window's count. */
export function overBudget(
  ledger: RequestLedger,
  budget: RequestBudget,
): { account: string; count: number; windowStart: number }[] {
  const byAccount = new Map<string, number[]>();
  for (const e of ledger.entries) {
    if (budget.since !== undefined && e.at < budget.since) continue;
    if (budget.paths && !budget.paths.includes(e.path)) continue;
    const times = byAccount.get(e.account) ?? [];
    times.push(e.at);
    byAccount.set(e.account, times);
  }
  const offenders: { account: string; count: number; windowStart: number }[] = [];
  for (const [account, times] of byAccount) {
    times.sort((a, b) => a - b);
    let worst = { count: 0, windowStart: 0 };
    for (let start = 0, end = 0; end < times.length; end++) {
      while (times[end]! - times[start]! >= budget.perMs) start++;
      const count = end - start + 1;
      if (count > worst.count) worst = { count, windowStart: times[start]! };
    }
    if (worst.count > budget.max) offenders.push({ account, ...worst });
  }
  return offenders;
}

/** Throws (failing the test) when any account exceeded `budget`, naming who and how much. */
export function expectWithinBudget(
  ledger: RequestLedger,
  budget: RequestBudget = BACKGROUND_BUDGET,
): void {
  const offenders = overBudget(ledger, budget);
  if (offenders.length === 0) return;
  const lines = offenders.map(
    (o) =>
      `${o.account}: ${o.count} requests within ${budget.perMs} ms (from ${new Date(o.windowStart).toISOString()})`,
  );
  throw new Error(
    `Request budget exceeded (max ${budget.max} per ${budget.perMs} ms per account):\n${lines.join('\n')}`,
  );
}

/** A short, stable account key for a bearer or refresh token the server does not know. */
export function tokenKey(token: string): string {
  return `token:${token.slice(0, 12)}`;
}
