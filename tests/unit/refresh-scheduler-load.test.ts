import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountSummary, RefreshKind } from '../../contract/domain.ts';
import { AppError } from '../../main/core/errors.ts';
import { MIN_ATTEMPT_INTERVAL_MS, RefreshScheduler } from '../../main/core/refresh-scheduler.ts';
import { BoundedRunner } from '../../main/core/bounded-runner.ts';
import { accountSummary } from '../support/account-summary.ts';

/**
 * What the provider sees from the background scheduler over a simulated hour: every test
 * counts the refresh calls per account (one call = one request at the provider) and checks
 * them against what a provider would accept, at 1, 100 and 10,000 accounts.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const START = Date.UTC(2025, 0, 15, 9, 0, 0);

/** How the stand-in provider answers a refresh. */
type Behaviour =
  /** A new token that lives `lifetimeMs` (a normal refresh). */
  | { kind: 'extends'; lifetimeMs: number }
  /** Success without a later expiry (Pi's verify, or an adapter that got it wrong). */
  | { kind: 'stuck' }
  /** An expiry already in the past (a provider sending a negative `expires_in`). */
  | { kind: 'past' };

interface Simulation {
  scheduler: RefreshScheduler;
  calls: Map<string, number[]>;
  expiring: string[];
  maxInFlight: number;
  maxInFlightPerProvider: number;
  overlapping: boolean;
  /** Refreshes that happened after the account's token had already expired. */
  late: number;
}

function simulate(
  count: number,
  make: (i: number) => Partial<AccountSummary> & Pick<AccountSummary, 'expiresAt'>,
  behaviour: Behaviour,
  options: { durationMs?: number; providers?: number; concurrency?: number } = {},
): Simulation {
  const accounts = new Map<string, AccountSummary>();
  for (let i = 0; i < count; i++) {
    const id = `acc-${i}`;
    accounts.set(
      id,
      accountSummary({ id, providerId: `prov-${i % (options.providers ?? 1)}`, ...make(i) }),
    );
  }
  const sim: Simulation = {
    scheduler: undefined as unknown as RefreshScheduler,
    calls: new Map(),
    expiring: [],
    maxInFlight: 0,
    maxInFlightPerProvider: 0,
    overlapping: false,
    late: 0,
  };
  const inFlight = new Set<string>();
  const perProvider = new Map<string, number>();
  const refresh = async (id: string) => {
    const now = Date.now();
    const current = accounts.get(id)!;
    if (inFlight.has(id)) sim.overlapping = true;
    inFlight.add(id);
    const provider = current.providerId;
    perProvider.set(provider, (perProvider.get(provider) ?? 0) + 1);
    sim.maxInFlight = Math.max(sim.maxInFlight, inFlight.size);
    sim.maxInFlightPerProvider = Math.max(sim.maxInFlightPerProvider, perProvider.get(provider)!);
    const list = sim.calls.get(id) ?? [];
    list.push(now);
    sim.calls.set(id, list);
    if (current.expiresAt !== null && current.expiresAt <= now) sim.late++;
    // A real provider answers after a round trip.
    await new Promise((resolve) => setTimeout(resolve, 50));
    inFlight.delete(id);
    perProvider.set(provider, perProvider.get(provider)! - 1);
    const after = Date.now();
    const expiresAt =
      behaviour.kind === 'extends'
        ? after + behaviour.lifetimeMs
        : behaviour.kind === 'past'
          ? after - 100 * SECOND
          : current.expiresAt;
    const next = { ...current, expiresAt, lastRefreshedAt: after };
    accounts.set(id, next);
    return next;
  };
  sim.scheduler = new RefreshScheduler({
    accounts: () => [...accounts.values()],
    refresh,
    enabled: () => true,
    onExpiring: (a) => void sim.expiring.push(a.id),
    runner: new BoundedRunner({ concurrency: options.concurrency ?? 4, perGroup: 2 }),
  });
  return sim;
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}

function withKind(kind: RefreshKind): Partial<AccountSummary> {
  return { refreshKind: kind };
}

beforeEach(() => {
  vi.useFakeTimers({ now: START, loopLimit: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

async function runFor(sim: Simulation, ms: number): Promise<void> {
  sim.scheduler.start();
  await vi.advanceTimersByTimeAsync(ms);
  sim.scheduler.stop();
}

describe.each([1, 100, 10_000])('background refresh at %i accounts over a simulated hour', (n) => {
  it('bug: a verify-only account near its expiry is checked once, not in a tight loop', async () => {
    // Pi: "refresh" only verifies; the token is 20 s from valid_until.
    const sim = simulate(
      n,
      () => ({ ...withKind('verify'), issuedAt: START - HOUR, expiresAt: START + 20 * SECOND }),
      { kind: 'stuck' },
    );
    await runFor(sim, HOUR);
    for (const times of sim.calls.values()) expect(times).toHaveLength(1);
    expect(sim.calls.size).toBe(n);
    // And the user hears about it once, before it expires.
    expect(sim.expiring).toHaveLength(n);
  });

  it('bug: a verify-only account with an hour left is checked once, shortly before expiry', async () => {
    const sim = simulate(
      n,
      () => ({ ...withKind('verify'), issuedAt: START, expiresAt: START + HOUR }),
      { kind: 'stuck' },
    );
    await runFor(sim, 2 * HOUR);
    for (const times of sim.calls.values()) {
      expect(times).toHaveLength(1);
      expect(times[0]).toBeLessThan(START + HOUR);
      expect(times[0]).toBeGreaterThanOrEqual(START + 50 * MINUTE);
    }
    expect(new Set(sim.expiring).size).toBe(n);
  });

  it('bug: a refresh that does not extend the expiry backs off and stops after a few attempts', async () => {
    const sim = simulate(n, () => ({ issuedAt: START - HOUR, expiresAt: START + 20 * SECOND }), {
      kind: 'stuck',
    });
    await runFor(sim, HOUR);
    for (const times of sim.calls.values()) {
      expect(times.length).toBeLessThanOrEqual(4);
      for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(MIN_ATTEMPT_INTERVAL_MS);
    }
    expect(sim.expiring.length).toBe(n);
  });

  it('bug: a 20 s token is refreshed about once per lifetime, never faster than the floor', async () => {
    const lifetimeMs = 20 * SECOND;
    const sim = simulate(n, () => ({ issuedAt: START, expiresAt: START + lifetimeMs }), {
      kind: 'extends',
      lifetimeMs,
    });
    await runFor(sim, HOUR);
    for (const times of sim.calls.values()) {
      expect(times.length).toBeLessThanOrEqual(HOUR / MIN_ATTEMPT_INTERVAL_MS);
      expect(Math.min(...gaps(times))).toBeGreaterThanOrEqual(MIN_ATTEMPT_INTERVAL_MS);
    }
    expect(sim.maxInFlightPerProvider).toBeLessThanOrEqual(2);
    if (n <= 100) {
      // About once per lifetime: 180 in an hour; the 15 s floor caps it at 240. Refreshed
      // before it expired, every time.
      for (const times of sim.calls.values()) expect(times.length).toBeGreaterThanOrEqual(150);
      expect(sim.late).toBe(0);
    } else {
      // 10,000 tokens of 20 s at one provider need 500 refreshes a second; two at a time at
      // 50 ms each serve 40. The provider sees that bound, not a storm.
      const total = [...sim.calls.values()].reduce((sum, times) => sum + times.length, 0);
      expect(total).toBeLessThanOrEqual((HOUR / 50) * 2);
    }
  });

  it('bug: a 5 s token is refreshed no more often than every 15 s', async () => {
    const lifetimeMs = 5 * SECOND;
    const sim = simulate(n, () => ({ issuedAt: START, expiresAt: START + lifetimeMs }), {
      kind: 'extends',
      lifetimeMs,
    });
    await runFor(sim, HOUR);
    for (const times of sim.calls.values()) {
      expect(times.length).toBeLessThanOrEqual(HOUR / MIN_ATTEMPT_INTERVAL_MS);
      expect(Math.min(...gaps(times))).toBeGreaterThanOrEqual(MIN_ATTEMPT_INTERVAL_MS);
    }
  });

  it('a provider sending an expiry in the past (negative expires_in) is not hammered', async () => {
    const sim = simulate(n, () => ({ issuedAt: START, expiresAt: START + 10 * SECOND }), {
      kind: 'past',
    });
    await runFor(sim, HOUR);
    for (const times of sim.calls.values()) expect(times.length).toBeLessThanOrEqual(4);
  });
});

describe('bounded concurrency', () => {
  it('refreshes due accounts a few at a time, at most two per provider, one per account', async () => {
    const lifetimeMs = 10 * MINUTE;
    const sim = simulate(
      100,
      () => ({ issuedAt: START - lifetimeMs, expiresAt: START + 30 * SECOND }),
      { kind: 'extends', lifetimeMs },
      { providers: 3 },
    );
    await runFor(sim, 30 * SECOND);
    // All 100 were due: all refreshed, but never more than 4 at once nor 2 at one provider.
    expect(sim.calls.size).toBe(100);
    expect(sim.maxInFlight).toBe(4);
    expect(sim.maxInFlightPerProvider).toBe(2);
    expect(sim.overlapping).toBe(false);
  });

  it('takes the global bound from its options', async () => {
    const sim = simulate(
      50,
      () => ({ issuedAt: START - HOUR, expiresAt: START + 30 * SECOND }),
      { kind: 'extends', lifetimeMs: HOUR },
      { providers: 10, concurrency: 7 },
    );
    await runFor(sim, 30 * SECOND);
    expect(sim.calls.size).toBe(50);
    expect(sim.maxInFlight).toBe(7);
  });
});

describe('what a refresh does decides whether it runs in the background', () => {
  it('reissues (client credentials) on the same schedule as refreshes', async () => {
    const sim = simulate(
      1,
      () => ({ ...withKind('reissue'), issuedAt: START, expiresAt: START + HOUR }),
      { kind: 'extends', lifetimeMs: HOUR },
    );
    await runFor(sim, HOUR);
    expect(sim.calls.get('acc-0')).toEqual([START + 55 * MINUTE]);
  });

  it('a verify whose check fails for a moment is still not retried in a loop', async () => {
    let calls = 0;
    const scheduler = new RefreshScheduler({
      accounts: () => [
        accountSummary({ refreshKind: 'verify', issuedAt: START, expiresAt: START + 20 * SECOND }),
      ],
      refresh: async () => {
        calls++;
        throw new AppError('NETWORK', 'Could not reach Pi Network.');
      },
      enabled: () => true,
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(HOUR);
    scheduler.stop();
    expect(calls).toBe(1);
  });
});
