import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOKEN_HISTORY_LIMIT, TokenHistory } from '../../../main/core/accounts/token-history.ts';
import { MetadataStore } from '../../../main/core/metadata/metadata-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'token-desk-history-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The metadata file as the app keeps it, in a temp folder. */
function openConf() {
  return new Conf<Record<string, unknown>>({ cwd: dir, configName: 'metadata' });
}

describe('TokenHistory', () => {
  it('lists an account’s entries newest first, apart from other accounts', () => {
    const history = new TokenHistory(new MetadataStore(openConf()));
    history.record('a', { at: 1, event: 'signed-in', outcome: 'ok', method: 'password' });
    history.record('b', { at: 2, event: 'signed-in', outcome: 'ok' });
    history.record('a', { at: 3, event: 'refreshed', outcome: 'ok', rotated: true });
    expect(history.list('a').map((e) => e.at)).toEqual([3, 1]);
    expect(history.list('b')).toHaveLength(1);
    history.forget('a');
    expect(history.list('a')).toEqual([]);
    expect(history.list('b')).toHaveLength(1);
    // Kept across a restart.
    expect(new TokenHistory(new MetadataStore(openConf())).list('b')).toHaveLength(1);
  });

  it(`keeps the last ${TOKEN_HISTORY_LIMIT} entries`, () => {
    const history = new TokenHistory(new MetadataStore(openConf()));
    for (let i = 1; i <= 120; i++)
      history.record('a', { at: i, event: 'refreshed', outcome: 'ok' });
    const entries = history.list('a');
    expect(entries).toHaveLength(TOKEN_HISTORY_LIMIT);
    expect(entries[0]!.at).toBe(120);
    expect(entries.at(-1)!.at).toBe(120 - TOKEN_HISTORY_LIMIT + 1);
  });

  it('skips damaged entries and survives a hand-edited store', () => {
    const conf = openConf();
    conf.set('tokenHistory', { a: [{ at: 'x' }, { at: 5, event: 'revoked', outcome: 'ok' }] });
    expect(new TokenHistory(new MetadataStore(conf)).list('a')).toEqual([
      { at: 5, event: 'revoked', outcome: 'ok' },
    ]);
    conf.set('tokenHistory', 'garbage');
    const history = new TokenHistory(new MetadataStore(conf));
    expect(history.list('a')).toEqual([]);
    history.record('__proto__', { at: 1, event: 'revoked', outcome: 'ok' });
    expect(({} as Record<string, unknown>)['at']).toBeUndefined();
    expect(history.list('__proto__')).toHaveLength(1);
    expect(new TokenHistory(new MetadataStore(openConf())).list('__proto__')).toHaveLength(1);
  });
});
