import type { AccountSummary } from '../../../contract/domain.ts';
import { DueQueue } from '../due-queue.ts';

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

/** A deadline that moved by less than this after a refresh did not move (rounding, latency). */
const SAME_DEADLINE_MS = 2 * 60_000;

/** What was last seen of an account's deadline. */
interface SeenDeadline {
  deadline: number;
  refreshedAt: number | null;
  /** The deadline will not move: a refresh left it in place, or nothing can refresh it. */
  firm: boolean;
}

/**
 * Says a day and an hour before an account's refresh token ends (where the provider said when)
 * that a new sign-in will be needed. Only for a firm deadline: Keycloak's session has an idle
 * timeout that every refresh pushes back (background refresh keeps it alive) and a maximum
 * that no refresh moves. A deadline counts as firm once a refresh left it where it was, or when
 * the account cannot be refreshed; a deadline a refresh pushed back warns nobody. The warnings
 * ahead are planned per account in a due queue, with one timer for the next: nothing runs in
 * between, a timer costs only the warnings it gives, and a changed account re-plans only
 * itself. Each warning is
 * given once per deadline; warnings already late when they become known (or when the computer
 * wakes) collapse into the most urgent one.
 */
export class SessionExpiryNotifier {
  private readonly options: SessionExpiryNotifierOptions;
  private readonly now: () => number;
  /** Keys of the warnings given, per account. */
  private readonly given = new Map<string, Set<string>>();
  private readonly seen = new Map<string, SeenDeadline>();
  /** Each account's warnings still ahead, earliest first, and when its next one is due. */
  private readonly ahead = new Map<string, Warning[]>();
  private readonly plan = new DueQueue();
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

  /** Reads every account again: gives what is due and plans the rest (start, unlock, a reset). */
  reschedule(): void {
    this.ahead.clear();
    this.plan.clear();
    const accounts = this.options.accounts();
    const present = new Set(accounts.map((account) => account.id));
    // Accounts that left need no memory.
    for (const id of [...this.seen.keys(), ...this.given.keys()]) {
      if (!present.has(id)) this.forget(id);
    }
    if (!this.running || !(this.options.enabled?.() ?? true)) return this.arm();
    const due: Warning[] = [];
    for (const account of accounts) due.push(...this.planAccount(account));
    this.give(due);
    this.arm();
  }

  /** Re-plans only the accounts that changed. */
  accountsChanged(changed: readonly AccountSummary[], removed: readonly string[]): void {
    for (const id of removed) this.forget(id);
    if (!this.running || !(this.options.enabled?.() ?? true)) return;
    const due: Warning[] = [];
    for (const account of changed) due.push(...this.planAccount(account));
    this.give(due);
    this.arm();
  }

  private forget(id: string): void {
    this.seen.delete(id);
    this.given.delete(id);
    this.ahead.delete(id);
    this.plan.set(id, null);
  }

  /** Plans the account's warnings still ahead and answers those already due. */
  private planAccount(account: AccountSummary): Warning[] {
    const now = this.now();
    const due: Warning[] = [];
    const ahead: Warning[] = [];
    const live = new Set<string>();
    const reported = account.signInNeededBy;
    // The end as first seen: each refresh reports it again, a second or two apart.
    const deadline =
      reported === null || account.status !== 'active' || reported <= now
        ? undefined
        : this.firmDeadline(account, reported);
    if (deadline !== undefined) {
      for (const lead of SESSION_WARNINGS) {
        const warning = {
          at: deadline - lead.leadMs,
          key: keyOf(account.id, deadline, lead.leadMs),
          lead,
          account,
        };
        live.add(warning.key);
        (warning.at <= now ? due : ahead).push(warning);
      }
    }
    // Warnings of a deadline that moved (a sliding session) need no memory.
    const given = this.given.get(account.id);
    if (given) for (const key of given) if (!live.has(key)) given.delete(key);
    ahead.sort((a, b) => a.at - b.at);
    this.ahead.set(account.id, ahead);
    this.plan.set(account.id, ahead[0]?.at ?? null);
    return due;
  }

  /** The account's deadline if it is firm (see the class comment), else undefined. */
  private firmDeadline(account: AccountSummary, reported: number): number | undefined {
    const before = this.seen.get(account.id);
    const refreshed = before !== undefined && account.lastRefreshedAt !== before.refreshedAt;
    let seen: SeenDeadline;
    if (before && Math.abs(reported - before.deadline) <= SAME_DEADLINE_MS) {
      seen = { ...before, refreshedAt: account.lastRefreshedAt, firm: before.firm || refreshed };
    } else {
      // New, or moved by a refresh (a sliding session): firm only if nothing can move it.
      seen = {
        deadline: reported,
        refreshedAt: account.lastRefreshedAt,
        firm: !account.actions.refresh.available,
      };
    }
    this.seen.set(account.id, seen);
    return seen.firm ? seen.deadline : undefined;
  }

  private fire(): void {
    const now = this.now();
    const due: Warning[] = [];
    for (const id of this.plan.takeDue(now)) {
      const ahead = this.ahead.get(id) ?? [];
      while (ahead[0] && ahead[0].at <= now) due.push(ahead.shift()!);
      this.plan.set(id, ahead[0]?.at ?? null);
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
      const id = warning.account.id;
      let given = this.given.get(id);
      if (!given) this.given.set(id, (given = new Set()));
      if (given.has(warning.key)) continue;
      for (const w of due) if (w.account.id === id) given.add(w.key);
      const { account } = warning;
      this.options.notify(
        `${account.label}: sign-in needed ${warning.lead.words}`,
        `${account.providerName} ends this session by ${this.format(warning.at + warning.lead.leadMs)}. Sign in again before then to keep using it.`,
      );
    }
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const upcoming = this.plan.earliest();
    if (upcoming === undefined || !this.running) return;
    const delay = Math.max(0, Math.min(upcoming - this.now(), MAX_TIMER_MS));
    this.timer = setTimeout(() => this.fire(), delay);
    this.timer.unref?.();
  }

  private format(at: number): string {
    return (this.options.formatTime ?? defaultFormat)(at);
  }
}

function keyOf(accountId: string, deadline: number, leadMs: number): string {
  return `${accountId}\u0000${deadline}\u0000${leadMs}`;
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
