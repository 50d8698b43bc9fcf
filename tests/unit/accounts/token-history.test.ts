import { describe, expect, it } from 'vitest';
import { TOKEN_HISTORY_LIMIT, TokenHistory } from '../../../main/core/accounts/token-history.ts';

class MapStore {
  data = new Map<string, unknown>();
  get(key: string) {
    return this.data.get(key);
  }
  set(key: string, value: unknown) {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}

describe('TokenHistory', () => {
  it('lists an account’s entries newest first, apart from other accounts', () => {
    const history = new TokenHistory(new MapStore());
    history.record('a', { at: 1, event: 'signed-in', outcome: 'ok', method: 'password' });
    history.record('b', { at: 2, event: 'signed-in', outcome: 'ok' });
    history.record('a', { at: 3, event: 'refreshed', outcome: 'ok', rotated: true });
    expect(history.list('a').map((e) => e.at)).toEqual([3, 1]);
    expect(history.list('b')).toHaveLength(1);
    history.forget('a');
    expect(history.list('a')).toEqual([]);
    expect(history.list('b')).toHaveLength(1);
  });

  it(`keeps the last ${TOKEN_HISTORY_LIMIT} entries`, () => {
    const history = new TokenHistory(new MapStore());
    for (let i = 1; i <= 120; i++)
      history.record('a', { at: i, event: 'refreshed', outcome: 'ok' });
    const entries = history.list('a');
    expect(entries).toHaveLength(TOKEN_HISTORY_LIMIT);
    expect(entries[0]!.at).toBe(120);
    expect(entries.at(-1)!.at).toBe(120 - TOKEN_HISTORY_LIMIT + 1);
  });

  it('skips damaged entries and survives a hand-edited store', () => {
    const store = new MapStore();
    store.set('tokenHistory', { a: [{ at: 'x' }, { at: 5, event: 'revoked', outcome: 'ok' }] });
    expect(new TokenHistory(store).list('a')).toEqual([{ at: 5, event: 'revoked', outcome: 'ok' }]);
    store.set('tokenHistory', 'garbage');
    const history = new TokenHistory(store);
    expect(history.list('a')).toEqual([]);
    history.record('__proto__', { at: 1, event: 'revoked', outcome: 'ok' });
    expect(({} as Record<string, unknown>)['at']).toBeUndefined();
    expect(history.list('__proto__')).toHaveLength(1);
  });
});
