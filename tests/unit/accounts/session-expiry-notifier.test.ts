import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountSummary } from '../../../contract/domain.ts';
import { SessionExpiryNotifier } from '../../../main/core/accounts/session-expiry-notifier.ts';
import { accountSummary } from '../../support/account-summary.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2030, 0, 7, 9, 0); // a Monday morning

let accounts: AccountSummary[];
let notes: { title: string; body: string; at: number }[];
let notifier: SessionExpiryNotifier;

/** An account whose deadline no refresh can move (firm from the start). */
function account(id: string, signInNeededBy: number | null, extra: Partial<AccountSummary> = {}) {
  return accountSummary({
    id,
    label: `user-${id}`,
    expiresAt: START + HOUR,
    signInNeededBy,
    actions: {
      refresh: { available: false, reason: 'No refresh token.' },
      revoke: { available: true },
      inspect: { available: true },
      copy: { available: true },
    },
    ...extra,
  });
}

/** A refreshable account: its deadline may slide until a refresh leaves it in place. */
function refreshable(id: string, signInNeededBy: number, lastRefreshedAt: number | null) {
  return accountSummary({
    id,
    label: `user-${id}`,
    expiresAt: START + HOUR,
    signInNeededBy,
    lastRefreshedAt,
  });
}

beforeEach(() => {
  vi.useFakeTimers({ now: START });
  notes = [];
  accounts = [];
  notifier = new SessionExpiryNotifier({
    accounts: () => accounts,
    notify: (title, body) => notes.push({ title, body, at: Date.now() }),
    formatTime: (at) => new Date(at).toISOString(),
  });
});
afterEach(() => {
  notifier.stop();
  vi.useRealTimers();
});

describe('SessionExpiryNotifier over simulated days', () => {
  it('warns a day and an hour before the refresh token ends, once each', () => {
    const end = START + 3 * DAY;
    accounts = [account('a', end)];
    notifier.start();
    vi.advanceTimersByTime(2 * DAY - 1);
    expect(notes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ title: 'user-a: sign-in needed within a day', at: end - DAY });
    expect(notes[0]!.body).toContain(`by ${new Date(end).toISOString()}`);
    vi.advanceTimersByTime(DAY - HOUR);
    expect(notes.map((n) => n.title)).toEqual([
      'user-a: sign-in needed within a day',
      'user-a: sign-in needed within an hour',
    ]);
    expect(notes[1]!.at).toBe(end - HOUR);
    // Nothing more: not at the deadline, not the days after, not when rescheduled again.
    vi.advanceTimersByTime(5 * DAY);
    notifier.reschedule();
    expect(notes).toHaveLength(2);
  });

  it('runs no timer in between: one pending timer for all accounts, none without deadlines', () => {
    accounts = [account('none', null)];
    notifier.start();
    expect(vi.getTimerCount()).toBe(0);
    accounts = Array.from({ length: 50 }, (_, i) => account(`a${i}`, START + (i + 2) * DAY));
    notifier.reschedule();
    expect(vi.getTimerCount()).toBe(1);
  });

  it('gives one warning, the most urgent, for a deadline that is already close', () => {
    accounts = [account('late', START + 30 * 60_000)];
    notifier.start();
    expect(notes.map((n) => n.title)).toEqual(['user-late: sign-in needed within an hour']);
    vi.advanceTimersByTime(DAY);
    expect(notes).toHaveLength(1);
  });

  it('warns again for a new firm deadline, not for the old one', () => {
    accounts = [account('s', START + 2 * HOUR)];
    notifier.start();
    expect(notes).toHaveLength(1); // within a day
    // Signed in again: the end is three days ahead.
    accounts = [account('s', START + 3 * DAY)];
    notifier.reschedule();
    vi.advanceTimersByTime(3 * DAY);
    expect(notes.map((n) => n.title)).toEqual([
      'user-s: sign-in needed within a day',
      'user-s: sign-in needed within a day',
      'user-s: sign-in needed within an hour',
    ]);
  });

  it('stays quiet about a sliding session, and warns once a refresh leaves the end in place', () => {
    // Keycloak: an idle timeout 30 min ahead that every refresh pushes back.
    accounts = [refreshable('k', START + 30 * 60_000, null)];
    notifier.start();
    for (let i = 1; i <= 20; i++) {
      vi.advanceTimersByTime(5 * 60_000);
      accounts = [refreshable('k', Date.now() + 30 * 60_000, Date.now())];
      notifier.reschedule();
    }
    expect(notes).toEqual([]);
    // The session maximum is reached: refreshes now leave the end where it is.
    const end = Date.now() + 20 * 60_000;
    accounts = [refreshable('k', end, Date.now())];
    notifier.reschedule();
    expect(notes).toEqual([]); // it moved, so not yet firm
    vi.advanceTimersByTime(5 * 60_000);
    accounts = [refreshable('k', end + 1500, Date.now())]; // the same end, give or take latency
    notifier.reschedule();
    expect(notes.map((n) => n.title)).toEqual(['user-k: sign-in needed within an hour']);
    // Nothing more for it, whatever else changes.
    notifier.reschedule();
    vi.advanceTimersByTime(DAY);
    expect(notes).toHaveLength(1);
  });

  it('says nothing for accounts that already need a sign-in, or while disabled', () => {
    let enabled = false;
    notifier = new SessionExpiryNotifier({
      accounts: () => accounts,
      notify: (title, body) => notes.push({ title, body, at: Date.now() }),
      enabled: () => enabled,
    });
    accounts = [
      account('r', START + HOUR / 2, { status: 'reauth-required' }),
      account('ok', START + HOUR / 2),
    ];
    notifier.start();
    expect(notes).toEqual([]);
    enabled = true;
    notifier.reschedule();
    expect(notes.map((n) => n.title)).toEqual(['user-ok: sign-in needed within an hour']);
  });

  it.each([1, 100, 10_000])(
    'with %i accounts: exactly two warnings each over two weeks, at the right times',
    (count) => {
      // Deadlines spread over the next ten days.
      accounts = Array.from({ length: count }, (_, i) =>
        account(`n${i}`, START + 2 * DAY + Math.floor((i * 8 * DAY) / count)),
      );
      notifier.start();
      vi.advanceTimersByTime(14 * DAY);
      expect(notes).toHaveLength(2 * count);
      const byAccount = new Map<string, number[]>();
      for (const n of notes) {
        const id = n.title.split(':')[0]!;
        byAccount.set(id, [...(byAccount.get(id) ?? []), n.at]);
      }
      for (const a of accounts) {
        expect(byAccount.get(a.label)).toEqual([a.signInNeededBy! - DAY, a.signInNeededBy! - HOUR]);
      }
    },
  );
});
