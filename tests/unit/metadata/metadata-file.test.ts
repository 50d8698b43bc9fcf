import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { METADATA_COMPACT_BYTES } from '../../../main/core/metadata/metadata-file.ts';
import { MetadataStore } from '../../../main/core/metadata/metadata-store.ts';
import type { AccountRecord, ProviderConfig } from '../../../main/core/model.ts';

let dir: string;
const snapshotFile = () => join(dir, 'metadata.json');
const journalFile = () => join(dir, 'metadata.json.journal');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'token-desk-metadata-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The store as the app opens it at start. */
function open(): MetadataStore {
  return new MetadataStore(
    new Conf<Record<string, unknown>>({ cwd: dir, configName: 'metadata', configFileMode: 0o600 }),
  );
}

const readText = (path: string) => readFile(path, 'utf8').catch(() => '');
const journalLines = async () => (await readText(journalFile())).split('\n').filter(Boolean);

function account(id: string, overrides: Partial<AccountRecord> = {}): AccountRecord {
  return {
    id,
    providerId: 'p1',
    label: `Account ${id}`,
    subject: id,
    scopes: ['openid'],
    expiresAt: 2_000,
    issuedAt: 1_000,
    lastRefreshedAt: null,
    status: 'active',
    statusMessage: null,
    signInMethod: 'authorization-code',
    hasRefreshToken: true,
    hasIdToken: false,
    createdAt: 1_000,
    shortName: id,
    scriptAccess: 'never',
    gitHosts: [],
    signInNeededBy: null,
    ...overrides,
  };
}

const provider: ProviderConfig = {
  id: 'p1',
  kind: 'oidc',
  name: 'Provider',
  issuer: 'https://idp.example.test',
  baseUrl: null,
  endpoints: { token: 'https://idp.example.test/token' },
  grantTypes: null,
  clientId: 'token-desk',
  clientAuth: 'none',
  hasClientSecret: false,
  scopes: ['openid'],
  authParams: {},
  tokenParams: {},
  redirectKind: 'loopback',
  createdAt: 1,
  updatedAt: 1,
};

describe('metadata.json and its journal', () => {
  it('saving an account appends one line; metadata.json is left as it was', async () => {
    const store = open();
    store.saveProvider(provider);
    const before = await readText(snapshotFile());
    store.saveAccount(account('a'));
    store.saveAccount(account('a', { lastRefreshedAt: 5 }));
    store.saveAccount(account('b'));
    store.deleteAccount('b');
    expect(await readText(snapshotFile())).toBe(before);
    expect(await journalLines()).toHaveLength(4);
    expect((await stat(journalFile())).mode & 0o777).toBe(0o600);

    const reopened = open();
    expect(reopened.listAccounts()).toEqual([account('a', { lastRefreshedAt: 5 })]);
    expect(reopened.getProvider('p1')).toEqual(provider);
  });

  it('one save writes the same bytes with 10 or 1,000 accounts stored', async () => {
    const bytesPerSave = async (count: number) => {
      await rm(journalFile(), { force: true });
      const store = open();
      store.saveAccounts(Array.from({ length: count }, (_, i) => account(`a${i}`)));
      const snapshot = await readText(snapshotFile());
      store.saveAccount(account('a5', { lastRefreshedAt: 7 }));
      expect(await readText(snapshotFile())).toBe(snapshot);
      return (await stat(journalFile())).size;
    };
    expect(await bytesPerSave(1000)).toBe(await bytesPerSave(10));
  });

  it('token history and the access log go to the journal too', async () => {
    const store = open();
    store.writeHistory('a', [{ at: 1, event: 'signed-in', outcome: 'ok' }]);
    store.writeAccessLog([]);
    store.writeHistory('a', undefined);
    expect(await journalLines()).toHaveLength(3);
    expect(open().readHistory('a')).toBeUndefined();
  });

  it('a batch (an account and its history entry) is one append; a batch that throws writes nothing', async () => {
    const store = open();
    store.batch(() => {
      store.saveAccount(account('a', { lastRefreshedAt: 1 }));
      store.writeHistory('a', [{ at: 1, event: 'refreshed', outcome: 'ok' }]);
    });
    expect(await journalLines()).toHaveLength(2);
    const before = await readText(journalFile());
    expect(() =>
      store.batch(() => {
        store.saveAccount(account('a', { lastRefreshedAt: 2 }));
        throw new Error('stopped half-way');
      }),
    ).toThrow('stopped half-way');
    expect(await readText(journalFile())).toBe(before);
    expect(store.getAccount('a')?.lastRefreshedAt).toBe(1);
    expect(open().readHistory('a')).toEqual([{ at: 1, event: 'refreshed', outcome: 'ok' }]);
  });

  it('is folded into metadata.json once it outgrows it, and stays bounded', async () => {
    const store = open();
    store.saveAccounts([account('a'), account('b')]);
    for (let i = 0; i < 2000; i++) {
      store.saveAccount(account(i % 2 ? 'a' : 'b', { lastRefreshedAt: i }));
      const size = (await stat(journalFile()).catch(() => ({ size: 0 }))).size;
      expect(size).toBeLessThanOrEqual(METADATA_COMPACT_BYTES + 1024);
    }
    const folded = JSON.parse(await readText(snapshotFile())) as { accounts: AccountRecord[] };
    expect(folded.accounts.map((a) => a.id)).toEqual(['a', 'b']);
    expect(open().getAccount('a')?.lastRefreshedAt).toBe(1999);
    expect(open().getAccount('b')?.lastRefreshedAt).toBe(1998);
  });

  it('a fold killed before it removed the journal: the lines apply again, harmlessly', async () => {
    const store = open();
    store.saveAccount(account('a', { lastRefreshedAt: 1 }));
    store.saveAccount(account('b'));
    store.deleteAccount('b');
    const journal = await readFile(journalFile());
    store.compact();
    await writeFile(journalFile(), journal);
    expect(open().listAccounts()).toEqual([account('a', { lastRefreshedAt: 1 })]);
  });

  it('a torn last line (a kill mid-append) is ignored, then cut before the next append', async () => {
    const store = open();
    store.saveAccount(account('a', { lastRefreshedAt: 1 }));
    await writeFile(
      journalFile(),
      `${await readText(journalFile())}{"k":"accounts","id":"a","v":{`,
    );
    const reopened = open();
    expect(reopened.getAccount('a')?.lastRefreshedAt).toBe(1);
    reopened.saveAccount(account('b'));
    expect(await journalLines()).toHaveLength(2);
    expect(
      open()
        .listAccounts()
        .map((a) => a.id),
    ).toEqual(['a', 'b']);
  });

  it('sees metadata.json edited from outside even while the journal holds changes', async () => {
    const store = open();
    store.saveProvider(provider);
    store.saveAccount(account('a', { lastRefreshedAt: 3 }));
    const outside = JSON.parse(await readText(snapshotFile())) as { providers: ProviderConfig[] };
    outside.providers[0]!.endpoints.token = 'https://elsewhere.example.test/token';
    const changesBefore = store.externalChanges;
    await writeFile(snapshotFile(), JSON.stringify(outside));
    expect(store.externalChanges).toBe(changesBefore + 1);
    expect(store.getProvider('p1')?.endpoints.token).toBe('https://elsewhere.example.test/token');
    // The account's change is still there (it lives in the journal).
    expect(store.getAccount('a')?.lastRefreshedAt).toBe(3);
  });

  it('disk full (ENOSPC): a clear error, nothing changes, later writes work', async () => {
    const store = open();
    store.saveAccount(account('a', { lastRefreshedAt: 1 }));
    store.compact();
    // The journal becomes the kernel's always-full device: every write fails with ENOSPC.
    await symlink('/dev/full', journalFile());
    expect(() => store.saveAccount(account('b'))).toThrow(
      expect.objectContaining({
        code: 'WRITE_FAILED',
        message: expect.stringMatching(
          /could not save account details: the disk is full\. What was saved before is unchanged/,
        ),
      }),
    );
    expect(store.getAccount('b')).toBeUndefined();
    expect(store.getAccount('a')?.lastRefreshedAt).toBe(1);

    await rm(journalFile());
    store.saveAccount(account('c'));
    expect(
      open()
        .listAccounts()
        .map((a) => a.id),
    ).toEqual(['a', 'c']);
  });

  it('a journal that cannot be opened (a folder in its place): nothing changes, later writes work', async () => {
    const store = open();
    store.saveAccount(account('a', { lastRefreshedAt: 1 }));
    store.compact();
    await mkdir(journalFile());
    expect(() => store.saveAccount(account('a', { lastRefreshedAt: 2 }))).toThrow(
      expect.objectContaining({ code: 'WRITE_FAILED' }),
    );
    expect(store.getAccount('a')?.lastRefreshedAt).toBe(1);
    expect(open().getAccount('a')?.lastRefreshedAt).toBe(1);

    await rm(journalFile(), { recursive: true });
    store.saveAccount(account('a', { lastRefreshedAt: 3 }));
    expect(open().getAccount('a')?.lastRefreshedAt).toBe(3);
  });
});
