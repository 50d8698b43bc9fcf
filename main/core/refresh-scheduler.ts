import type { AccountSummary } from '../../contract/domain.ts';
import { BoundedRunner } from './bounded-runner.ts';
import { DueQueue } from './due-queue.ts';
import { toAppError, type AppError } from './errors.ts';
import { DEFAULT_SETTINGS } from './model.ts';

export interface RefreshSchedulerOptions {
  /**
   * Every current account (summaries say whether refresh is available and what it does); read
   * on start and on {@link RefreshScheduler.reschedule}, single changes come through
   * {@link RefreshScheduler.accountsChanged}.
   */
  accounts: () => AccountSummary[];
  /** Refreshes one account and answers its new state (the expiry is what counts). */
  refresh: (id: string) => Promise<AccountSummary>;
  enabled: () => boolean;
  /** Told about failures the user should act on (a desktop notification in the app). */
  onFailure?: (account: AccountSummary, error: AppError) => void;
  /**
   * Told once per token when it will expire and the background cannot renew it: a verify-only
   * account (Pi), or a provider whose refreshes stopped extending the expiry.
   */
  onExpiring?: (account: AccountSummary) => void;
  /** Bounds how many refreshes run at once, overall and per provider (shareable with "Refresh all"). */
  runner?: BoundedRunner;
  now?: () => number;
}

/** Default bounds of {@link RefreshSchedulerOptions.runner}: a few at once (settings change them). */
export const DEFAULT_REFRESH_CONCURRENCY = {
  concurrency: DEFAULT_SETTINGS.refreshConcurrency,
  perGroup: DEFAULT_SETTINGS.refreshPerProvider,
} as const;
/** The hard floor: no account is attempted in the background more often than this. */
export const MIN_ATTEMPT_INTERVAL_MS = 15_000;
/** Refreshes that succeed without a later expiry, tolerated per token before giving up on it. */
export const MAX_UNPRODUCTIVE_REFRESHES = 3;

const MIN_LEAD_MS = 30_000;
const MAX_LEAD_MS = 5 * 60_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 30 * 60_000;
/** setTimeout cannot wait longer than about 24.8 days; re-plan before that. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What the scheduler remembers about one account; nothing here comes from the adapters. */
interface AccountState {
  lastAttemptAt?: number;
  retry?: { at: number; delay: number };
  /** Consecutive refreshes that succeeded without extending the expiry. */
  unproductive?: number;
  /**
   * The expiry of a token the background has finished with: refused (REAUTH_REQUIRED), never
   * extended, or (verify-only) checked once. Left alone until the account gets another expiry.
   */
  doneWith?: number | null;
}

/**
 * How long before expiry to refresh: 10% of the lifetime, between 30 s and 5 min, but never
 * more than a quarter of it, so a short-lived token is refreshed about once per lifetime and
 * not the moment it arrives.
 */
export function refreshLead(lifetimeMs: number): number {
  return Math.min(MAX_LEAD_MS, Math.max(MIN_LEAD_MS, lifetimeMs * 0.1), lifetimeMs / 4);
}

/**
 * Renews access tokens in the background shortly before they expire. Bounded by construction,
 * whatever the adapters answer:
 * - only what a refresh can extend is refreshed (`refreshKind` `refresh` or `reissue`); a
 *   verify-only account is checked once before it expires and the user is told;
 * - no account is attempted more often than {@link MIN_ATTEMPT_INTERVAL_MS};
 * - failures and refreshes that did not extend the expiry back off exponentially, and after
 *   {@link MAX_UNPRODUCTIVE_REFRESHES} of the latter the token is left alone;
 * - due accounts run through a {@link BoundedRunner}: a few at once (4 by default, overall and
 *   at one provider; settings change both), one per account.
 */
export class RefreshScheduler {
  private readonly options: RefreshSchedulerOptions;
  private readonly now: () => number;
  private readonly runner: BoundedRunner;
  private readonly state = new Map<string, AccountState>();
  /** The accounts as last told, and when each is next due: one change re-plans one account. */
  private readonly known = new Map<string, AccountSummary>();
  private readonly plan = new DueQueue();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;

  constructor(options: RefreshSchedulerOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.runner = options.runner ?? new BoundedRunner(DEFAULT_REFRESH_CONCURRENCY);
  }

  start(): void {
    this.stopped = false;
    this.reschedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** When the account is due for a background attempt, or null when it is not eligible. */
  dueAt(account: AccountSummary): number | null {
    if (
      account.status !== 'active' ||
      !account.actions.refresh.available ||
      account.expiresAt === null
    )
      return null;
    const state = this.state.get(account.id);
    if (state && 'doneWith' in state) {
      if (state.doneWith === account.expiresAt) return null;
      // A sign-in or a manual refresh gave the account another token: start afresh.
      delete state.doneWith;
      delete state.unproductive;
      delete state.retry;
    }
    const start = account.lastRefreshedAt ?? account.issuedAt;
    const lifetime = Math.max(0, account.expiresAt - start);
    let due = account.expiresAt - refreshLead(lifetime);
    if (state?.retry) due = Math.max(due, state.retry.at);
    if (state?.lastAttemptAt !== undefined)
      due = Math.max(due, state.lastAttemptAt + MIN_ATTEMPT_INTERVAL_MS);
    return due;
  }

  /** Reads every account again and re-plans them all (start, unlock, a settings change). */
  reschedule(): void {
    const accounts = this.options.accounts();
    this.known.clear();
    this.plan.clear();
    for (const account of accounts) this.known.set(account.id, account);
    for (const id of this.state.keys()) if (!this.known.has(id)) this.state.delete(id);
    for (const account of accounts) this.plan.set(account.id, this.dueAt(account));
    this.arm();
  }

  /** Re-plans only the accounts that changed: the cost does not grow with the account count. */
  accountsChanged(changed: readonly AccountSummary[], removed: readonly string[]): void {
    for (const id of removed) {
      this.known.delete(id);
      this.state.delete(id);
      this.plan.set(id, null);
    }
    for (const account of changed) {
      this.known.set(account.id, account);
      this.replan(account.id);
    }
    this.arm();
  }

  private replan(id: string): void {
    const account = this.known.get(id);
    if (account) this.plan.set(id, this.dueAt(account));
  }

  /** Sets one timer for the earliest planned account. */
  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || this.running || !this.options.enabled()) return;
    const earliest = this.plan.earliest();
    if (earliest === undefined) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, earliest - this.now()));
    this.timer = setTimeout(() => void this.runDue(), wait);
    this.timer.unref();
  }

  private async runDue(): Promise<void> {
    this.running = true;
    try {
      const now = this.now();
      const due = this.plan.takeDue(now).flatMap((id) => {
        const account = this.known.get(id);
        return account ? [account] : [];
      });
      await Promise.all(
        due.map((account) =>
          this.runner.run(account.id, account.providerId, () =>
            // What the attempt learned (backoff, done with) moves the account's next time.
            this.attempt(account).finally(() => this.replan(account.id)),
          ),
        ),
      );
    } finally {
      this.running = false;
      this.arm();
    }
  }

  private async attempt(account: AccountSummary): Promise<void> {
    // Locked (or switched off) meanwhile: nothing more is attempted until enabled again.
    if (this.stopped || !this.options.enabled()) return;
    const state = this.stateOf(account.id);
    state.lastAttemptAt = this.now();
    const verifyOnly = account.refreshKind === 'verify';
    try {
      const refreshed = await this.options.refresh(account.id);
      // Planned from what the refresh answered, whether or not a change event came first.
      if (this.known.has(account.id)) this.known.set(account.id, refreshed);
      const { expiresAt } = refreshed;
      delete state.retry;
      const extended =
        expiresAt !== null &&
        expiresAt > this.now() &&
        (account.expiresAt === null || expiresAt > account.expiresAt);
      if (verifyOnly) {
        // One check per token; only a later expiry (the provider extended it) gets another.
        state.doneWith = extended ? account.expiresAt : expiresAt;
        if (!extended) this.options.onExpiring?.(account);
      } else if (extended) {
        delete state.unproductive;
      } else {
        this.unproductive(account, state, expiresAt);
      }
    } catch (err) {
      const error = toAppError(err);
      if (error.code === 'REAUTH_REQUIRED' || verifyOnly) {
        delete state.retry;
        state.doneWith = account.expiresAt;
        if (verifyOnly && error.code !== 'REAUTH_REQUIRED') this.options.onExpiring?.(account);
      } else {
        this.backOff(state);
      }
      this.options.onFailure?.(account, error);
    }
  }

  /** A refresh "succeeded" but the token expires no later: back off, then give up on it. */
  private unproductive(
    account: AccountSummary,
    state: AccountState,
    expiresAt: number | null,
  ): void {
    state.unproductive = (state.unproductive ?? 0) + 1;
    if (state.unproductive >= MAX_UNPRODUCTIVE_REFRESHES) {
      delete state.retry;
      state.doneWith = expiresAt;
      this.options.onExpiring?.(account);
      return;
    }
    this.backOff(state);
  }

  private backOff(state: AccountState): void {
    const delay = Math.min(MAX_RETRY_MS, (state.retry?.delay ?? FIRST_RETRY_MS / 2) * 2);
    state.retry = { at: this.now() + delay, delay };
  }

  private stateOf(id: string): AccountState {
    let state = this.state.get(id);
    if (!state) {
      state = {};
      this.state.set(id, state);
    }
    return state;
  }
}
