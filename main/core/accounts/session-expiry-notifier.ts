import type { AccountSummary } from '../../../preload/api.ts';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
/** Warnings before the refresh token ends, longest lead first. */
export const SESSION_WARNINGS = [
  { leadMs: DAY, words: 'within a day' },
  { leadMs: HOUR, words: 'within an hour' },
] as const;
/** setTimeout's largest delay; a later deadline is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SessionExpiryNotifierOptions {
  accounts: () => readonly AccountSummary[];
  notify: (title: string, body: string) => void;
  /** Only while the vault is open: a locked app says nothing it cannot act on. */
  enabled?: () => boolean;
  /** How the deadline is written ("Tue 14:00"). */
  formatTime?: (at: number) => string;
  now?: () => number;
}

/**
 * Says a day and an hour before an account's refresh token ends (where the provider said when)
 * that a new sign-in will be needed. One timer for all accounts, set for the next warning due:
 * nothing runs in between. Each warning is given once per deadline; a warning that is already
 * late when it becomes known is given once, the most urgent one only.
 */
export class SessionExpiryNotifier {
  private readonly options: SessionExpiryNotifierOptions;
  private readonly now: () => number;
  private readonly given = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(options: SessionExpiryNotifierOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.running = true;
    this.reschedule();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Gives what is due now and sets the timer for the next warning; call on account changes. */
  reschedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running || !(this.options.enabled?.() ?? true)) return;
    const now = this.now();
    let next = Infinity;
    const live = new Set<string>();
    for (const account of this.options.accounts()) {
      const deadline = account.signInNeededBy;
      if (deadline === null || account.status !== 'active' || deadline <= now) continue;
      for (const warning of SESSION_WARNINGS) live.add(this.key(account, warning.leadMs));
      const due = SESSION_WARNINGS.filter((w) => deadline - w.leadMs <= now);
      const urgent = due.at(-1);
      if (urgent && !this.given.has(this.key(account, urgent.leadMs))) {
        // Late warnings collapse into the most urgent one.
        for (const warning of due) this.given.add(this.key(account, warning.leadMs));
        this.options.notify(
          `${account.label}: sign-in needed ${urgent.words}`,
          `${account.providerName} ends this session ${this.when(deadline)}. Sign in again before then to keep using it.`,
        );
      }
      for (const warning of SESSION_WARNINGS) {
        const at = deadline - warning.leadMs;
        if (at > now) next = Math.min(next, at);
      }
    }
    // Deadlines that moved (a sliding session) or accounts that left need no memory.
    for (const key of this.given) if (!live.has(key)) this.given.delete(key);
    if (next === Infinity) return;
    this.timer = setTimeout(() => this.reschedule(), Math.min(next - now, MAX_TIMER_MS));
    this.timer.unref?.();
  }

  private key(account: AccountSummary, leadMs: number): string {
    return `${account.id}\u0000${account.signInNeededBy}\u0000${leadMs}`;
  }

  private when(deadline: number): string {
    const format = this.options.formatTime ?? defaultFormat;
    return `by ${format(deadline)}`;
  }
}

function defaultFormat(at: number): string {
  return new Date(at).toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}
