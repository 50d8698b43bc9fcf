import { describe, expect, it } from 'vitest';
import { MAX_TOKEN_LIFETIME_MS, plausibleExpiry } from '../../main/core/expiry.ts';

const NOW = Date.UTC(2025, 0, 1);

describe('plausibleExpiry', () => {
  it.each([
    ['an hour ahead', NOW + 3600_000, NOW + 3600_000],
    ['already past (shown as expired)', NOW - 60_000, NOW - 60_000],
    ['exactly the longest lifetime', NOW + MAX_TOKEN_LIFETIME_MS, NOW + MAX_TOKEN_LIFETIME_MS],
    ['not given', null, null],
  ])('keeps %s', (_, input, expected) => {
    expect(plausibleExpiry(input, NOW)).toBe(expected);
  });

  it.each([
    ['expires_in: 1e300 (bug: stored as 1e303, past what a Date can hold)', NOW + 1e303],
    ['the year 275760 (PeerID-style ISO date at the Date limit)', 8.64e15],
    ['a timestamp of 1e300 (Pi valid_until)', 1e300],
    ['one millisecond past the longest lifetime', NOW + MAX_TOKEN_LIFETIME_MS + 1],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['before 1970', -1],
  ])('turns %s into "not known"', (_, input) => {
    expect(plausibleExpiry(input, NOW)).toBeNull();
  });
});
