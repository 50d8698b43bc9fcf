import { describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../../contract/domain.ts';
import { describeCensus, takeCensus } from '../../../renderer/src/lib/account-census.ts';
import { EXPIRING_SOON_MS } from '../../../renderer/src/lib/time.ts';
import { account } from './fixtures.ts';

const NOW = Date.UTC(2025, 10, 24, 12, 0, 0);
const MIN = 60_000;

const withExpiry = (expiresAt: number | null, over: Partial<AccountSummary> = {}) => ({
  ...account('authorization-code'),
  expiresAt,
  ...over,
});

/** The summary as the window said it before it kept a census: one pass over every account. */
function summarizeByScanning(accounts: AccountSummary[], now: number): string {
  if (accounts.length === 0) return '';
  const active = accounts.filter((a) => a.status === 'active' && a.expiresAt !== null);
  const expired = active.filter((a) => a.expiresAt! <= now).length;
  const soon = active.filter(
    (a) => a.expiresAt! > now && a.expiresAt! - now < EXPIRING_SOON_MS,
  ).length;
  const blocked = accounts.filter((a) => a.status !== 'active').length;
  const parts = [`${accounts.length} ${accounts.length === 1 ? 'account' : 'accounts'}`];
  if (soon) parts.push(`${soon} expiring soon`);
  if (expired) parts.push(`${expired} expired`);
  if (blocked) parts.push(`${blocked} ${blocked === 1 ? 'needs' : 'need'} sign-in`);
  return parts.join(' · ');
}

describe('the account census behind the top bar summary', () => {
  it('says nothing without accounts', () => {
    expect(describeCensus(takeCensus([]), NOW)).toBe('');
  });

  it('counts expiring soon, expired and blocked accounts', () => {
    const accounts = [
      withExpiry(NOW + 2 * MIN),
      withExpiry(NOW + 30 * MIN),
      withExpiry(NOW - MIN),
      withExpiry(null),
      withExpiry(NOW - MIN, { status: 'reauth-required' }),
    ];
    expect(describeCensus(takeCensus(accounts), NOW)).toBe(
      '5 accounts · 1 expiring soon · 1 expired · 1 needs sign-in',
    );
    expect(describeCensus(takeCensus(accounts.slice(0, 1)), NOW)).toBe(
      '1 account · 1 expiring soon',
    );
  });

  it('moves an account from soon to expired as the clock passes its expiry', () => {
    const census = takeCensus([withExpiry(NOW + 10_000)]);
    expect(describeCensus(census, NOW)).toBe('1 account · 1 expiring soon');
    expect(describeCensus(census, NOW + 9_999)).toBe('1 account · 1 expiring soon');
    expect(describeCensus(census, NOW + 10_000)).toBe('1 account · 1 expired');
  });

  it('says what a pass over every account says, at every boundary', () => {
    const statuses = ['active', 'active', 'active', 'reauth-required', 'revoked'] as const;
    const offsets = [-MIN, -1, 0, 1, EXPIRING_SOON_MS - 1, EXPIRING_SOON_MS, EXPIRING_SOON_MS + 1];
    const accounts = Array.from({ length: 200 }, (_, i) =>
      withExpiry(i % 11 === 0 ? null : NOW + offsets[i % offsets.length]! + (i % 3) * 7, {
        status: statuses[i % statuses.length]!,
      }),
    );
    const census = takeCensus(accounts);
    for (const now of [NOW - MIN, NOW - 7, NOW, NOW + 7, NOW + EXPIRING_SOON_MS, NOW + 2 * MIN]) {
      expect(describeCensus(census, now)).toBe(summarizeByScanning(accounts, now));
    }
  });
});
