import { copyFile, readFile, stat, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TestKeychain } from '../../support/test-keychain.ts';
import {
  createKeychainVault,
  flipBase64Byte,
  openVault,
  snapshot,
  useTempVaultFolder,
} from './vault-files.ts';

const tmp = useTempVaultFolder();
const journalFile = () => `${tmp.vaultFile}.journal`;
const tokens = (n: number) => ({ accessToken: `at-${n}`, tokenType: 'Bearer', refreshToken: 'rt' });

async function journalLines(): Promise<string[]> {
  return (await readFile(journalFile(), 'utf8')).split('\n').filter(Boolean);
}

async function writeJournalLines(lines: string[]): Promise<void> {
  await writeFile(journalFile(), lines.map((line) => `${line}\n`).join(''));
}

/** Loads the vault as the app does on start. */
async function reopen(keychain: TestKeychain) {
  const vault = openVault(tmp.vaultFile, { keychain });
  const status = await vault.load();
  return { vault, status };
}

async function expectTampered(keychain: TestKeychain): Promise<void> {
  const before = await snapshot(journalFile());
  const { status } = await reopen(keychain);
  expect(status.state).toBe('corrupt');
  expect(status.problem).toMatch(/changed outside the app/);
  expect(await snapshot(journalFile())).toEqual(before);
}

describe('the journal', () => {
  it('a change appends one line and leaves vault.json as it was', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    const created = await snapshot(tmp.vaultFile);
    await vault.put('account:a', tokens(1));
    await vault.put('account:a', tokens(2));
    await vault.delete('account:a');
    await vault.put('account:b', tokens(3));
    expect(await snapshot(tmp.vaultFile)).toEqual(created);
    expect(await journalLines()).toHaveLength(4);
    expect((await stat(journalFile())).mode & 0o777).toBe(0o600);
    // Sealed like the snapshot's records: no token in clear text.
    expect(await readFile(journalFile(), 'utf8')).not.toMatch(/"at-\d"|"rt"/);

    const { vault: reopened } = await reopen(keychain);
    expect(reopened.has('account:a')).toBe(false);
    expect(reopened.get('account:b')).toEqual(tokens(3));
  });

  it('one change writes the same number of bytes with 10 or 1,000 records stored', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    const grow = async (count: number) => {
      await Promise.all(
        Array.from({ length: count }, (_, i) => vault.put(`account:${i}`, tokens(i))),
      );
      await vault.compact();
      const before = await snapshot(tmp.vaultFile);
      await vault.put('account:5', tokens(5));
      const journalBytes = (await stat(journalFile())).size;
      expect(await snapshot(tmp.vaultFile)).toEqual(before);
      return journalBytes;
    };
    const small = await grow(10);
    const large = await grow(1000);
    // The same line but for the generation counter's digits.
    expect(Math.abs(large - small)).toBeLessThanOrEqual(4);
  });

  it('is folded into vault.json once it outgrows it, and stays bounded', async () => {
    const keychain = new TestKeychain();
    const vault = openVault(tmp.vaultFile, { keychain, journalLimitBytes: 4096 });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });
    let largest = 0;
    for (let i = 0; i < 200; i++) {
      await vault.put(`account:${i % 7}`, tokens(i));
      largest = Math.max(largest, (await stat(journalFile()).catch(() => ({ size: 0 }))).size);
    }
    // The snapshot of seven records is smaller than 4 KiB, so the journal never passes 4 KiB
    // by more than a line.
    expect(largest).toBeLessThan(4096 + 600);
    const { vault: reopened } = await reopen(keychain);
    for (let k = 0; k < 7; k++) {
      const last = 199 - ((199 - k) % 7);
      expect(reopened.get(`account:${k}`)).toEqual(tokens(last));
    }
  });

  it('a torn last line (the process died mid-append) is ignored and cut before the next append', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    await vault.put('account:a', tokens(1));
    const whole = await readFile(journalFile(), 'utf8');
    // Half a line, then zeros, as a power cut can leave it.
    await writeFile(
      journalFile(),
      `${whole}{"g":2,"id":"account:b","rec":{"iv":"${'\u0000'.repeat(40)}`,
    );

    const { vault: reopened, status } = await reopen(keychain);
    expect(status.state).toBe('unlocked');
    expect(reopened.get('account:a')).toEqual(tokens(1));
    await reopened.put('account:c', tokens(3));
    expect(await journalLines()).toHaveLength(2);
    const { vault: third } = await reopen(keychain);
    expect(third.get('account:c')).toEqual(tokens(3));
    expect(third.has('account:b')).toBe(false);
  });

  it('a journal left behind by an interrupted compaction is recognized as folded in', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    await vault.put('account:a', tokens(1));
    await vault.put('account:b', tokens(2));
    await copyFile(journalFile(), `${tmp.dir}/kept`);
    await vault.compact();
    // Killed after the new vault.json was in place, before the journal was removed.
    await copyFile(`${tmp.dir}/kept`, journalFile());

    const { vault: reopened, status } = await reopen(keychain);
    expect(status.state).toBe('unlocked');
    expect(reopened.get('account:b')).toEqual(tokens(2));
    await reopened.put('account:a', tokens(3));
    expect(await journalLines()).toHaveLength(1);
    const { vault: third } = await reopen(keychain);
    expect(third.get('account:a')).toEqual(tokens(3));
    expect(third.get('account:b')).toEqual(tokens(2));
  });

  describe('tampered with', () => {
    async function threeChanges(keychain: TestKeychain): Promise<string[]> {
      const vault = await createKeychainVault(tmp.vaultFile, keychain);
      await vault.put('account:a', tokens(1));
      await vault.put('account:b', tokens(2));
      await vault.put('account:a', tokens(3));
      return journalLines();
    }

    it('a sealed record edited in a line is reported', async () => {
      const keychain = new TestKeychain();
      const lines = await threeChanges(keychain);
      const entry = JSON.parse(lines[1]!) as { rec: { ct: string } };
      entry.rec.ct = flipBase64Byte(entry.rec.ct, 2);
      lines[1] = JSON.stringify(entry);
      await writeJournalLines(lines);
      await expectTampered(keychain);
    });

    it('a line removed from the middle (an older refresh token brought back) is reported', async () => {
      const keychain = new TestKeychain();
      const lines = await threeChanges(keychain);
      // Dropping the newest line only is an older state of the whole vault, as an older copy
      // of the files would be; dropping one before it breaks the chain.
      await writeJournalLines([lines[1]!, lines[2]!]);
      await expectTampered(keychain);
    });

    it('two lines swapped are reported', async () => {
      const keychain = new TestKeychain();
      const lines = await threeChanges(keychain);
      await writeJournalLines([lines[0]!, lines[2]!, lines[1]!]);
      await expectTampered(keychain);
    });

    it('a line moved under another record id is reported', async () => {
      const keychain = new TestKeychain();
      const lines = await threeChanges(keychain);
      const entry = JSON.parse(lines[2]!) as { id: string };
      entry.id = 'account:b';
      lines[2] = JSON.stringify(entry);
      await writeJournalLines(lines);
      await expectTampered(keychain);
    });

    it('an older vault.json put back under a newer journal is reported', async () => {
      const keychain = new TestKeychain();
      const vault = await createKeychainVault(tmp.vaultFile, keychain);
      await vault.put('account:a', tokens(1));
      const older = await readFile(tmp.vaultFile);
      await vault.compact();
      await vault.put('account:a', tokens(2));
      await writeFile(tmp.vaultFile, older);
      await expectTampered(keychain);
    });
  });
});
