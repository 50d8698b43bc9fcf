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

interface Warning {
  at: number;
  key: string;
  lead: (typeof SESSION_WARNINGS)[number];
  account: AccountSummary;
}

/**
 * Says a day and an hour before an account's refresh token ends (where the provider said when)
 * that a new sign-in will be needed. The warnings ahead are kept sorted, with one timer for the
 * next: nothing runs in between, and a timer costs only the warnings it gives. Each warning is
 * given once per deadline; warnings already late when they become known (or when the computer
 * wakes) collapse into the most urgent one.
 */
export class SessionExpiryNotifier {
  private readonly options: SessionExpiryNotifierOptions;
  private readonly now: () => number;
  private readonly given = new Set<string>();
  private queue: Warning[] = [];
  private next = 0;
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

  /** Reads the accounts again: gives what is due and plans the rest. Call on account changes. */
  reschedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.next = 0;
    if (!this.running || !(this.options.enabled?.() ?? true)) return;
    const now = this.now();
    const live = new Set<string>();
    const due: Warning[] = [];
    for (const account of this.options.accounts()) {
      const deadline = account.signInNeededBy;
      if (deadline === null || account.status !== 'active' || deadline <= now) continue;
      for (const lead of SESSION_WARNINGS) {
        const warning = {
          at: deadline - lead.leadMs,
          key: keyOf(account, lead.leadMs),
          lead,
          account,
        };
        live.add(warning.key);
        (warning.at <= now ? due : this.queue).push(warning);
      }
    }
    // Deadlines that moved (a sliding session) or accounts that left need no memory.
    for (const key of this.given) if (!live.has(key)) this.given.delete(key);
    this.queue.sort((a, b) => a.at - b.at);
    this.give(due);
    this.arm();
  }

  private fire(): void {
    const now = this.now();
    const due: Warning[] = [];
    while (this.next < this.queue.length && this.queue[this.next]!.at <= now) {
      due.push(this.queue[this.next++]!);
    }
    this.give(due);
    this.arm();
  }

  /** Gives the most urgent due warning per account, once; the others count as given. */
  private give(due: readonly Warning[]): void {
    const urgent = new Map<string, Warning>();
    for (const warning of due) {
      const seen = urgent.get(warning.account.id);
      if (!seen || warning.lead.leadMs < seen.lead.leadMs) urgent.set(warning.account.id, warning);
    }
    for (const warning of urgent.values()) {
      if (this.given.has(warning.key)) continue;
      for (const w of due) if (w.account.id === warning.account.id) this.given.add(w.key);
      const { account } = warning;
      this.options.notify(
        `${account.label}: sign-in needed ${warning.lead.words}`,
        `${account.providerName} ends this session by ${this.format(account.signInNeededBy!)}. Sign in again before then to keep using it.`,
      );
    }
  }

  private arm(): void {
    const upcoming = this.queue[this.next];
    if (!upcoming) return;
    const delay = Math.max(0, Math.min(upcoming.at - this.now(), MAX_TIMER_MS));
    this.timer = setTimeout(() => this.fire(), delay);
    this.timer.unref?.();
  }

  private format(at: number): string {
    return (this.options.formatTime ?? defaultFormat)(at);
  }
}

function keyOf(account: AccountSummary, leadMs: number): string {
  return `${account.id}\u0000${account.signInNeededBy}\u0000${leadMs}`;
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
