import { describe, expect, it } from 'vitest';
import { startPiServer } from '../../servers/pi-server.ts';
import { expectWithinBudget, overBudget, RequestLedger } from '../../servers/request-budget.ts';
import { ownServer, send } from './http.ts';

describe('request budget', () => {
  it('counts requests per account at the server, whatever token the account used', async () => {
    const pi = await ownServer(startPiServer());
    const first = pi.issueToken({ uid: 'uid-a' });
    const second = pi.issueToken({ uid: 'uid-a' });
    const other = pi.issueToken({ uid: 'uid-b' });
    for (const token of [first, second, first, other]) {
      await send(`${pi.baseUrl}/v2/me`, { headers: { authorization: `Bearer ${token}` } });
    }
    expect(Object.fromEntries(pi.ledger.countsByAccount())).toEqual({
      'user:uid-a': 3,
      'user:uid-b': 1,
    });
    expect(() => expectWithinBudget(pi.ledger, { max: 2, perMs: 60_000 })).toThrow(
      /user:uid-a: 3 requests within 60000 ms/,
    );
    expect(() => expectWithinBudget(pi.ledger, { max: 3, perMs: 60_000 })).not.toThrow();
  });

  it('looks at sliding windows: spaced requests pass, a burst anywhere fails', () => {
    const ledger = new RequestLedger();
    const at = (seconds: number) =>
      ledger.record({ at: seconds * 1000, account: 'user:x', method: 'GET', path: '/v2/me' });
    [0, 15, 30, 45, 60].forEach(at);
    expect(overBudget(ledger, { max: 1, perMs: 15_000 })).toEqual([]);
    [61, 62].forEach(at);
    expect(overBudget(ledger, { max: 1, perMs: 15_000 })).toEqual([
      { account: 'user:x', count: 3, windowStart: 60_000 },
    ]);
    // Only what happened since a moment, and only the paths asked for.
    expect(overBudget(ledger, { max: 1, perMs: 15_000, since: 61_500 })).toEqual([]);
    expect(overBudget(ledger, { max: 1, perMs: 15_000, paths: ['/other'] })).toEqual([]);
  });
});
