import type { AccountSummary } from '../../preload/api.ts';
import { toAppError, type AppError } from './errors.ts';

export interface RefreshSchedulerOptions {
  /** Current accounts (summaries say whether refresh is available). */
  accounts: () => AccountSummary[];
  refresh: (id: string) => Promise<unknown>;
  enabled: () => boolean;
  /** Told about failures the user should act on (a desktop notification in the app). */
  onFailure?: (account: AccountSummary, error: AppError) => void;
  now?: () => number;
}

const MIN_LEAD_MS = 30_000;
const MAX_LEAD_MS = 5 * 60_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 30 * 60_000;
/** setTimeout cannot wait longer than about 24.8 days; re-plan before that. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Refreshes access tokens in the background shortly before they expire: 10% of the token's
 * lifetime ahead, between 30 s and 5 min. One timer for the earliest due account; transient
 * failures back off exponentially; accounts that need a new sign-in are left alone.
 */
export class RefreshScheduler {
  private readonly options: RefreshSchedulerOptions;
  private readonly now: () => number;
  private readonly retryAt = new Map<string, { at: number; delay: number }>();
  /**
   * Accounts the provider refused (REAUTH_REQUIRED), with the token they had then: left alone
   * until a sign-in or manual refresh gives them a new expiry.
   */
  private readonly givenUp = new Map<string, number | null>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;

  constructor(options: RefreshSchedulerOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
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

  /** When the account is due for a background refresh, or null when it is not eligible. */
  dueAt(account: AccountSummary): number | null {
    if (
      account.status !== 'active' ||
      !account.actions.refresh.available ||
      account.expiresAt === null
    )
      return null;
    if (this.givenUp.has(account.id)) {
      if (this.givenUp.get(account.id) === account.expiresAt) return null;
      this.givenUp.delete(account.id);
    }
    const start = account.lastRefreshedAt ?? account.issuedAt;
    const lifetime = Math.max(0, account.expiresAt - start);
    const lead = Math.min(MAX_LEAD_MS, Math.max(MIN_LEAD_MS, lifetime * 0.1));
    const due = account.expiresAt - lead;
    const retry = this.retryAt.get(account.id);
    return retry ? Math.max(due, retry.at) : due;
  }

  /** Re-plans the timer; call whenever accounts or settings change. */
  reschedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || this.running || !this.options.enabled()) return;
    const dues = this.options
      .accounts()
      .map((a) => this.dueAt(a))
      .filter((d): d is number => d !== null);
    if (dues.length === 0) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, Math.min(...dues) - this.now()));
    this.timer = setTimeout(() => void this.runDue(), wait);
    this.timer.unref();
  }

  private async runDue(): Promise<void> {
    this.running = true;
    try {
      const now = this.now();
      for (const account of this.options.accounts()) {
        // Locked (or switched off) meanwhile: nothing more is attempted until enabled again.
        if (this.stopped || !this.options.enabled()) return;
        const due = this.dueAt(account);
        if (due === null || due > now) continue;
        try {
          await this.options.refresh(account.id);
          this.retryAt.delete(account.id);
        } catch (err) {
          const error = toAppError(err);
          if (error.code === 'REAUTH_REQUIRED') {
            this.retryAt.delete(account.id);
            this.givenUp.set(account.id, account.expiresAt);
          } else {
            const delay = Math.min(
              MAX_RETRY_MS,
              (this.retryAt.get(account.id)?.delay ?? FIRST_RETRY_MS / 2) * 2,
            );
            this.retryAt.set(account.id, { at: this.now() + delay, delay });
          }
          this.options.onFailure?.(account, error);
        }
      }
    } finally {
      this.running = false;
      this.reschedule();
    }
  }
}
