import { describe, expect, it } from 'vitest';
import { AutoLock, type AutoLockReason } from '../../main/core/auto-lock.ts';

function setUp(policy = { enabled: true, idleMs: 10 * 60_000 }) {
  let now = 1_000_000;
  let unlocked = true;
  const locks: AutoLockReason[] = [];
  const lock = new AutoLock({
    policy: () => policy,
    isUnlocked: () => unlocked,
    lock: (reason) => {
      locks.push(reason);
      unlocked = false;
    },
    now: () => now,
  });
  return {
    lock,
    locks,
    advance: (ms: number) => (now += ms),
    unlock: () => {
      unlocked = true;
      lock.activity();
    },
  };
}

describe('AutoLock', () => {
  it('locks once idle for the configured time, not a moment before', () => {
    const t = setUp();
    t.advance(10 * 60_000 - 1);
    t.lock.check();
    expect(t.locks).toEqual([]);
    t.advance(1);
    t.lock.check();
    expect(t.locks).toEqual(['idle']);
    t.lock.check();
    expect(t.locks).toEqual(['idle']);
  });

  it('counts from the last activity', () => {
    const t = setUp();
    t.advance(9 * 60_000);
    t.lock.activity();
    t.advance(9 * 60_000);
    t.lock.check();
    expect(t.locks).toEqual([]);
    t.advance(60_000);
    t.lock.check();
    expect(t.locks).toEqual(['idle']);
  });

  it('uses the system idle time once the shell provides it', () => {
    const t = setUp();
    let systemIdle = 0;
    t.lock.useSystemIdleTime(() => systemIdle);
    t.advance(60 * 60_000);
    t.lock.check();
    expect(t.locks).toEqual([]);
    systemIdle = 600;
    t.lock.check();
    expect(t.locks).toEqual(['idle']);
  });

  it('locks on screen lock and suspend', () => {
    const t = setUp();
    t.lock.powerEvent('lock-screen');
    t.unlock();
    t.lock.powerEvent('suspend');
    expect(t.locks).toEqual(['lock-screen', 'suspend']);
  });

  it('does nothing when the policy is off', () => {
    const t = setUp({ enabled: false, idleMs: 60_000 });
    t.advance(24 * 60 * 60_000);
    t.lock.check();
    t.lock.powerEvent('lock-screen');
    t.lock.powerEvent('suspend');
    expect(t.locks).toEqual([]);
  });
});
