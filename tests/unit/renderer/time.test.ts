import { describe, expect, it } from 'vitest';
import {
  describeExpiry,
  formatAgo,
  formatCountdown,
  formatDuration,
  formatRelative,
  tickInterval,
  toIso,
} from '../../../renderer/src/lib/time.ts';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const DAY = 24 * H;
const NOW = Date.UTC(2025, 10, 24, 12, 0, 0);

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [42 * S + 999, '42 s'],
    [59 * MIN + 59 * S, '59 min'],
    [H + 5 * MIN, '1 h 5 min'],
    [9 * H + 59 * MIN, '9 h 59 min'],
    [13 * H + 30 * MIN, '13 h'],
    [DAY, '1 day'],
    [3 * DAY + 23 * H, '3 days'],
    [59 * DAY, '59 days'],
    [150 * DAY, '5 months'],
    [800 * DAY, '2 years'],
  ])('%i ms reads "%s" (rounded down, never fresher than it is)', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(formatDuration(-ms)).toBe(text);
  });
});

describe('relative times', () => {
  it('says in, ago and just now', () => {
    expect(formatRelative(NOW + 59 * MIN, NOW)).toBe('in 59 min');
    expect(formatRelative(NOW - 3 * DAY, NOW)).toBe('3 days ago');
    expect(formatRelative(NOW + 999, NOW)).toBe('just now');
  });

  it('keeps "just now" for under 45 s in formatAgo', () => {
    expect(formatAgo(NOW - 44 * S, NOW)).toBe('just now');
    expect(formatAgo(NOW - 46 * S, NOW)).toBe('46 s ago');
  });
});

describe('describeExpiry', () => {
  it('tells a fresh, an expiring and an expired token apart', () => {
    expect(describeExpiry(NOW + H, NOW)).toEqual({ tone: 'ok', text: 'expires in 1 h' });
    expect(describeExpiry(NOW + 4 * MIN, NOW)).toEqual({ tone: 'soon', text: 'expires in 4 min' });
    expect(describeExpiry(NOW, NOW)).toEqual({ tone: 'expired', text: 'expired just now' });
    expect(describeExpiry(NOW - 3 * MIN, NOW)).toEqual({
      tone: 'expired',
      text: 'expired 3 min ago',
    });
  });

  it('says when the provider gave no expiry', () => {
    expect(describeExpiry(null, NOW)).toEqual({ tone: 'none', text: 'no expiry reported' });
  });
});

describe('tickInterval', () => {
  it('redraws every second near the moment and rarely otherwise', () => {
    expect(tickInterval(NOW + 90 * S, NOW)).toBe(S);
    expect(tickInterval(NOW - 90 * S, NOW)).toBe(S);
    expect(tickInterval(NOW + H, NOW)).toBe(15 * S);
    expect(tickInterval(null, NOW)).toBe(MIN);
  });
});

describe('formatCountdown and toIso', () => {
  it('counts down in m:ss, rounding up, never below zero', () => {
    expect(formatCountdown(5 * MIN)).toBe('5:00');
    expect(formatCountdown(4 * MIN + 58_001)).toBe('4:59');
    expect(formatCountdown(-5)).toBe('0:00');
  });

  it('gives ISO time only for a real instant', () => {
    expect(toIso(NOW)).toBe('2025-11-24T12:00:00.000Z');
    expect(toIso(Number.NaN)).toBeUndefined();
  });
});
