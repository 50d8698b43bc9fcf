import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountSummary } from '../../contract/domain.ts';
import { accountSummary } from '../support/account-summary.ts';
import { AppError } from '../../main/core/errors.ts';
import { RefreshScheduler } from '../../main/core/refresh-scheduler.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const START = Date.UTC(2025, 0, 15, 9, 0, 0);

function account(overrides: Partial<AccountSummary> = {}): AccountSummary {
  return accountSummary({ expiresAt: START + 60 * MINUTE, issuedAt: START, ...overrides });
}

describe('dueAt', () => {
  const scheduler = new RefreshScheduler({
    accounts: () => [],
    refresh: async () => account({ expiresAt: null }),
    enabled: () => true,
  });

  it.each([
    {
      name: 'a 1 h token: 5 min ahead (10 % capped at 5 min)',
      lifetime: 60 * MINUTE,
      lead: 5 * MINUTE,
    },
    { name: 'a 20 min token: 10 % ahead (2 min)', lifetime: 20 * MINUTE, lead: 2 * MINUTE },
    {
      name: 'a 2 min token: 30 s ahead (10 % raised to 30 s)',
      lifetime: 2 * MINUTE,
      lead: 30 * SECOND,
    },
    {
      name: 'a 20 s token: 5 s ahead (never more than a quarter of its life)',
      lifetime: 20 * SECOND,
      lead: 5 * SECOND,
    },
    { name: 'a token that expires as it is issued: at expiry', lifetime: 0, lead: 0 },
    { name: 'a 24 h token: 5 min ahead', lifetime: 24 * 60 * MINUTE, lead: 5 * MINUTE },
  ])('$name', ({ lifetime, lead }) => {
    const expiresAt = START + lifetime;
    expect(scheduler.dueAt(account({ issuedAt: START, expiresAt }))).toBe(expiresAt - lead);
  });

  it('measures the lifetime from the last refresh, not from the first sign-in', () => {
    const expiresAt = START + 20 * MINUTE;
    const a = account({ issuedAt: START - 10 * 60 * MINUTE, lastRefreshedAt: START, expiresAt });
    expect(scheduler.dueAt(a)).toBe(expiresAt - 2 * MINUTE);
  });

  it.each([
    { name: 'needs a new sign-in', a: account({ status: 'reauth-required' }) },
    { name: 'was revoked', a: account({ status: 'revoked' }) },
    { name: 'is in error', a: account({ status: 'error' }) },
    { name: 'has no expiry', a: account({ expiresAt: null }) },
    {
      name: 'cannot be refreshed',
      a: account({
        actions: {
          ...account().actions,
          refresh: { available: false, reason: 'no refresh token' },
        },
      }),
    },
  ])('is not scheduled when the account $name', ({ a }) => {
    expect(scheduler.dueAt(a)).toBeNull();
  });
});

describe('background refresh', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /**
   * Accounts as the account service keeps them: a successful refresh moves the expiry on, a
   * REAUTH_REQUIRED failure flags the account "sign in again", other failures change nothing.
   */
  function accountsStandIn(initial: AccountSummary[]) {
    const accounts = new Map(initial.map((a) => [a.id, a]));
    const calls: { id: string; at: number }[] = [];
    const failures: { id: string; code: string }[] = [];
    let failWith: ((id: string) => AppError | undefined) | undefined;

    const refresh = async (id: string) => {
      calls.push({ id, at: Date.now() });
      const current = accounts.get(id)!;
      const failure = failWith?.(id);
      if (failure) {
        if (failure.code === 'REAUTH_REQUIRED') {
          const flagged = { ...current, status: 'reauth-required' as const };
          accounts.set(id, flagged);
          scheduler.accountsChanged([flagged], []);
        }
        throw failure;
      }
      const next = { ...current, lastRefreshedAt: Date.now(), expiresAt: Date.now() + 60 * MINUTE };
      accounts.set(id, next);
      // As the account service does: the change event carries the one account.
      scheduler.accountsChanged([next], []);
      return next;
    };
    const listAll = vi.fn(() => [...accounts.values()]);
    const scheduler: RefreshScheduler = new RefreshScheduler({
      accounts: listAll,
      refresh,
      enabled: () => true,
      onFailure: (a, error) => failures.push({ id: a.id, code: error.code }),
    });
    return {
      scheduler,
      calls,
      failures,
      accounts,
      listAll,
      failWith(fn: ((id: string) => AppError | undefined) | undefined) {
        failWith = fn;
      },
    };
  }

  it('refreshes an account when it is due, not before, and again before the new expiry', async () => {
    const t = accountsStandIn([account({ expiresAt: START + 60 * MINUTE })]);
    t.scheduler.start();

    await vi.advanceTimersByTimeAsync(55 * MINUTE - SECOND);
    expect(t.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(SECOND);
    expect(t.calls).toEqual([{ id: 'acc-1', at: START + 55 * MINUTE }]);

    // The refresh moved expiry to +60 min: the next one is 55 min later.
    await vi.advanceTimersByTimeAsync(55 * MINUTE);
    expect(t.calls.map((c) => c.at)).toEqual([START + 55 * MINUTE, START + 110 * MINUTE]);
    t.scheduler.stop();
  });

  it('a changed or removed account re-plans only itself: no list of all accounts is read', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      account({ id: `acc-${i}`, expiresAt: START + 120 * MINUTE }),
    );
    const t = accountsStandIn(many);
    t.scheduler.start();
    expect(t.listAll).toHaveBeenCalledTimes(1);

    // One account gets a token that expires sooner; another is removed.
    const sooner = { ...many[42]!, expiresAt: START + 10 * MINUTE };
    t.accounts.set(sooner.id, sooner);
    t.scheduler.accountsChanged([sooner], []);
    t.accounts.delete('acc-7');
    t.scheduler.accountsChanged([], ['acc-7']);
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    // A 10-minute token is renewed a minute before it ends.
    expect(t.calls).toEqual([{ id: 'acc-42', at: START + 9 * MINUTE }]);

    await vi.advanceTimersByTimeAsync(110 * MINUTE);
    const refreshed = new Set(t.calls.map((c) => c.id));
    expect(refreshed.size).toBe(9_999);
    expect(refreshed.has('acc-7')).toBe(false);
    expect(t.listAll).toHaveBeenCalledTimes(1);
    t.scheduler.stop();
  });

  it('refreshes an overdue account right away at start, and only the accounts that are due', async () => {
    const t = accountsStandIn([
      account({ id: 'overdue', expiresAt: START - MINUTE, issuedAt: START - 61 * MINUTE }),
      account({ id: 'later', expiresAt: START + 30 * MINUTE }),
    ]);
    t.scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.calls.map((c) => c.id)).toEqual(['overdue']);
    t.scheduler.stop();
  });

  it('retries transient failures with a growing delay and tells about each', async () => {
    const t = accountsStandIn([account({ expiresAt: START + 10 * MINUTE })]);
    t.failWith(() => new AppError('NETWORK', 'Could not reach Acme ID.'));
    t.scheduler.start();

    await vi.advanceTimersByTimeAsync(9 * MINUTE); // due at 10 min − 1 min lead
    expect(t.calls.map((c) => c.at - START)).toEqual([9 * MINUTE]);
    await vi.advanceTimersByTimeAsync(30 * SECOND);
    await vi.advanceTimersByTimeAsync(60 * SECOND);
    await vi.advanceTimersByTimeAsync(120 * SECOND);
    expect(t.calls.map((c) => c.at - START)).toEqual([
      9 * MINUTE,
      9 * MINUTE + 30 * SECOND,
      9 * MINUTE + 90 * SECOND,
      9 * MINUTE + 210 * SECOND,
    ]);
    expect(t.failures.every((f) => f.code === 'NETWORK')).toBe(true);
    expect(t.failures).toHaveLength(4);

    // Once the provider is back, the next retry succeeds and the schedule follows the new expiry.
    t.failWith(undefined);
    await vi.advanceTimersByTimeAsync(240 * SECOND);
    expect(t.calls).toHaveLength(5);
    expect(t.accounts.get('acc-1')?.lastRefreshedAt).toBe(START + 9 * MINUTE + 450 * SECOND);
    t.scheduler.stop();
  });

  it('caps the retry delay at 30 minutes', async () => {
    const t = accountsStandIn([account({ expiresAt: START + 10 * MINUTE })]);
    t.failWith(() => new AppError('TIMEOUT', 'Acme ID did not answer in time.'));
    t.scheduler.start();
    await vi.advanceTimersByTimeAsync(6 * 60 * MINUTE);
    const gaps = t.calls.slice(1).map((c, i) => c.at - t.calls[i]!.at);
    expect(Math.max(...gaps)).toBe(30 * MINUTE);
    expect(gaps.slice(-3)).toEqual([30 * MINUTE, 30 * MINUTE, 30 * MINUTE]);
    t.scheduler.stop();
  });

  it('does not retry an account whose grant was refused (invalid_grant) and says so once', async () => {
    const t = accountsStandIn([
      account({ id: 'refused', expiresAt: START + 10 * MINUTE }),
      account({ id: 'fine', expiresAt: START + 10 * MINUTE }),
    ]);
    // The account service throws this (normalized from invalid_grant) and flags the account.
    t.failWith((id) =>
      id === 'refused'
        ? new AppError('REAUTH_REQUIRED', 'Sign in again.', {
            providerMessage: 'invalid_grant: Refresh token revoked',
          })
        : undefined,
    );
    t.scheduler.start();
    await vi.advanceTimersByTimeAsync(3 * 60 * MINUTE);

    expect(t.calls.filter((c) => c.id === 'refused')).toHaveLength(1);
    expect(t.failures).toEqual([{ id: 'refused', code: 'REAUTH_REQUIRED' }]);
    // The other account kept being refreshed on schedule.
    expect(t.calls.filter((c) => c.id === 'fine').length).toBeGreaterThanOrEqual(3);
    t.scheduler.stop();
  });

  it('bug: does not loop on an account refused by the provider that still looks active', async () => {
    // An adapter may refuse a refresh without the account being flagged "sign in again".
    let current = account({ id: 'refused', expiresAt: START + 10 * MINUTE });
    let refuse = true;
    const calls: number[] = [];
    const scheduler = new RefreshScheduler({
      accounts: () => [current],
      enabled: () => true,
      refresh: async () => {
        calls.push(Date.now());
        if (refuse) throw new AppError('REAUTH_REQUIRED', 'Sign in again.');
        current = { ...current, lastRefreshedAt: Date.now(), expiresAt: Date.now() + 60 * MINUTE };
        return current;
      },
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(30 * MINUTE);
    expect(calls).toHaveLength(1);

    // A new sign-in gives the account a new expiry: it is eligible again.
    refuse = false;
    current = { ...current, issuedAt: Date.now(), expiresAt: Date.now() + 60 * MINUTE };
    scheduler.reschedule();
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    scheduler.stop();
  });

  it('does nothing while disabled and picks up when rescheduled after enabling', async () => {
    let enabled = false;
    const calls: string[] = [];
    const scheduler = new RefreshScheduler({
      accounts: () => [account({ expiresAt: START + 10 * MINUTE })],
      refresh: async (id) => {
        calls.push(id);
        return account({ id, expiresAt: Date.now() + 60 * MINUTE });
      },
      enabled: () => enabled,
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(20 * MINUTE);
    expect(calls).toEqual([]);

    enabled = true;
    scheduler.reschedule();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['acc-1']);
    scheduler.stop();
  });

  it('stop() cancels the pending refresh, and nothing runs before start()', async () => {
    const calls: string[] = [];
    const scheduler = new RefreshScheduler({
      accounts: () => [account({ expiresAt: START + 10 * MINUTE })],
      refresh: async (id) => {
        calls.push(id);
        return account({ id, expiresAt: Date.now() + 60 * MINUTE });
      },
      enabled: () => true,
    });
    scheduler.reschedule();
    await vi.advanceTimersByTimeAsync(20 * MINUTE);
    expect(calls).toEqual([]);

    scheduler.start();
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(calls).toEqual([]);
  });

  it('plans a token that lives for months without overflowing setTimeout', async () => {
    const calls: string[] = [];
    const scheduler = new RefreshScheduler({
      accounts: () => [account({ expiresAt: START + 90 * 24 * 60 * MINUTE })],
      refresh: async (id) => {
        calls.push(id);
        return account({ id, expiresAt: Date.now() + 60 * MINUTE });
      },
      enabled: () => true,
    });
    scheduler.start();
    // An overflowing delay would fire at once; a clamped one waits (and re-plans after ~24.8 days).
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(calls).toEqual([]);
    scheduler.stop();
  });
});
