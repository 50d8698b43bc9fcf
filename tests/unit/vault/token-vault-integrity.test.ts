import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TestKeychain } from '../../support/test-keychain.ts';
import {
  PASSPHRASE,
  createKeychainVault,
  createPassphraseVault,
  expectAppError,
  flipBase64Byte,
  openVault,
  readVaultJson,
  snapshot,
  useTempVaultFolder,
  writeVaultJson,
} from './vault-files.ts';

const tmp = useTempVaultFolder();

const secretA = { accessToken: 'at-AAAA', tokenType: 'Bearer', refreshToken: 'rt-AAAA' };
const secretB = { accessToken: 'at-BBBB', tokenType: 'Bearer', refreshToken: 'rt-BBBB' };

/** A keychain vault with two records, written and closed. */
async function vaultWithTwoRecords(keychain: TestKeychain): Promise<void> {
  const vault = await createKeychainVault(tmp.vaultFile, keychain);
  await vault.put('account:a', secretA);
  await vault.put('account:b', secretB);
}

describe('tamper detection', () => {
  it.each(['ct', 'tag', 'iv'] as const)(
    'a flipped byte in a record %s fails its integrity check and the file is left as it is',
    async (field) => {
      const keychain = new TestKeychain();
      await vaultWithTwoRecords(keychain);
      const json = await readVaultJson(tmp.vaultFile);
      const box = json.records['account:a'];
      if (!box) throw new Error('record missing');
      box[field] = flipBase64Byte(box[field], 3);
      await writeVaultJson(tmp.vaultFile, json);
      const tampered = await snapshot(tmp.vaultFile);

      const vault = openVault(tmp.vaultFile, { keychain });
      expect((await vault.load()).state).toBe('unlocked');
      const error = await expectAppError(() => vault.get('account:a'), 'VAULT_CORRUPT');
      expect(error.message).toMatch(/integrity check/);
      expect(error.message).not.toContain('at-AAAA');
      // The other record is still readable, and nothing was rewritten.
      expect(vault.get('account:b')).toEqual(secretB);
      expect(await snapshot(tmp.vaultFile)).toEqual(tampered);
    },
  );

  it('a truncated tag or iv is refused like any other tampering', async () => {
    const keychain = new TestKeychain();
    await vaultWithTwoRecords(keychain);
    const json = await readVaultJson(tmp.vaultFile);
    const a = json.records['account:a'];
    const b = json.records['account:b'];
    if (!a || !b) throw new Error('record missing');
    a.tag = Buffer.from(a.tag, 'base64').subarray(0, 8).toString('base64');
    b.iv = '';
    await writeVaultJson(tmp.vaultFile, json);

    const vault = openVault(tmp.vaultFile, { keychain });
    await vault.load();
    await expectAppError(() => vault.get('account:a'), 'VAULT_CORRUPT');
    await expectAppError(() => vault.get('account:b'), 'VAULT_CORRUPT');
  });

  it("record A's sealed box copied under record B's id does not open (the id is bound in)", async () => {
    const keychain = new TestKeychain();
    await vaultWithTwoRecords(keychain);
    const json = await readVaultJson(tmp.vaultFile);
    json.records['account:b'] = { ...json.records['account:a']! };
    json.records['account:new'] = { ...json.records['account:a']! };
    await writeVaultJson(tmp.vaultFile, json);
    const tampered = await snapshot(tmp.vaultFile);

    const vault = openVault(tmp.vaultFile, { keychain });
    await vault.load();
    expect(vault.get('account:a')).toEqual(secretA);
    await expectAppError(() => vault.get('account:b'), 'VAULT_CORRUPT');
    await expectAppError(() => vault.get('account:new'), 'VAULT_CORRUPT');
    expect(await snapshot(tmp.vaultFile)).toEqual(tampered);
  });

  it('a tampered keychain-wrapped key leaves the vault locked with an explanation, file untouched', async () => {
    const keychain = new TestKeychain();
    await vaultWithTwoRecords(keychain);
    const json = await readVaultJson(tmp.vaultFile);
    if (json.protection.kind !== 'os-keychain') throw new Error('expected keychain protection');
    json.protection.wrappedKey = flipBase64Byte(json.protection.wrappedKey, 20);
    await writeVaultJson(tmp.vaultFile, json);
    const tampered = await snapshot(tmp.vaultFile);

    const vault = openVault(tmp.vaultFile, { keychain });
    const status = await vault.load();
    expect(status).toMatchObject({ state: 'locked', protection: 'os-keychain' });
    expect(status.problem).toMatch(/keychain could not open the vault/);
    await expectAppError(vault.unlock(''), 'VAULT_LOCKED');
    await expectAppError(() => vault.get('account:a'), 'VAULT_LOCKED');
    expect(await snapshot(tmp.vaultFile)).toEqual(tampered);
  });

  it('a keychain vault from another computer (other keychain key) stays locked, file untouched', async () => {
    await vaultWithTwoRecords(new TestKeychain());
    const before = await snapshot(tmp.vaultFile);
    const vault = openVault(tmp.vaultFile, { keychain: new TestKeychain() });
    const status = await vault.load();
    expect(status.state).toBe('locked');
    expect(status.problem).toMatch(/another computer/);
    expect(await snapshot(tmp.vaultFile)).toEqual(before);
  });

  it('a tampered passphrase-wrapped key refuses to unlock, file untouched', async () => {
    const vault = await createPassphraseVault(tmp.vaultFile);
    await vault.put('account:a', secretA);
    const json = await readVaultJson(tmp.vaultFile);
    if (json.protection.kind !== 'passphrase') throw new Error('expected passphrase protection');
    json.protection.wrappedKey.ct = flipBase64Byte(json.protection.wrappedKey.ct, 5);
    await writeVaultJson(tmp.vaultFile, json);
    const tampered = await snapshot(tmp.vaultFile);

    const reopened = openVault(tmp.vaultFile);
    await reopened.load();
    await expectAppError(reopened.unlock(PASSPHRASE), 'WRONG_PASSPHRASE');
    expect((await reopened.status()).state).toBe('locked');
    expect(await snapshot(tmp.vaultFile)).toEqual(tampered);
  });

  it('a changed salt makes the right passphrase fail rather than open a different key', async () => {
    await createPassphraseVault(tmp.vaultFile);
    const json = await readVaultJson(tmp.vaultFile);
    if (json.protection.kind !== 'passphrase') throw new Error('expected passphrase protection');
    json.protection.kdf.salt = flipBase64Byte(json.protection.kdf.salt);
    await writeVaultJson(tmp.vaultFile, json);

    const reopened = openVault(tmp.vaultFile);
    await reopened.load();
    await expectAppError(reopened.unlock(PASSPHRASE), 'WRONG_PASSPHRASE');
  });
});

describe('wrong passphrase', () => {
  it('is rejected, changes nothing, and the right passphrase still works afterwards', async () => {
    const vault = await createPassphraseVault(tmp.vaultFile);
    await vault.put('account:a', secretA);
    const before = await snapshot(tmp.vaultFile);
    // Give a rewrite a chance to show up as a different mtime.
    await new Promise((resolve) => setTimeout(resolve, 20));

    const reopened = openVault(tmp.vaultFile);
    await reopened.load();
    for (const wrong of ['correct horse battery stapler', 'CORRECT HORSE BATTERY STAPLE', '']) {
      const error = await expectAppError(reopened.unlock(wrong), 'WRONG_PASSPHRASE');
      expect(error.message).toMatch(/passphrase does not unlock/);
      expect(await reopened.status()).toMatchObject({ state: 'locked' });
      expect(reopened.isUnlocked).toBe(false);
      await expectAppError(() => reopened.get('account:a'), 'VAULT_LOCKED');
      await expectAppError(reopened.put('account:b', secretB), 'VAULT_LOCKED');
    }
    expect(await snapshot(tmp.vaultFile)).toEqual(before);
    expect(await readdir(tmp.dir)).toEqual(['vault.json']);

    await reopened.unlock(PASSPHRASE);
    expect(reopened.get('account:a')).toEqual(secretA);
  });

  it('accepts the passphrase typed in another Unicode normalization form', async () => {
    const composed = 'mot de passe café';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    await createPassphraseVault(tmp.vaultFile, composed);
    const reopened = openVault(tmp.vaultFile);
    await reopened.load();
    await reopened.unlock(decomposed);
    expect(reopened.isUnlocked).toBe(true);
  });
});

describe('a damaged vault file', () => {
  async function realVaultText(): Promise<string> {
    const vault = await createPassphraseVault(tmp.vaultFile);
    await vault.put('account:a', secretA);
    return readFile(tmp.vaultFile, 'utf8');
  }

  const damages: { name: string; damage: (text: string) => string; problem: RegExp }[] = [
    {
      name: 'truncated JSON',
      damage: (text) => text.slice(0, Math.floor(text.length / 2)),
      problem: /damaged: it is not valid JSON/,
    },
    { name: 'an empty file', damage: () => '', problem: /damaged: it is not valid JSON/ },
    {
      name: 'records of the wrong shape',
      damage: (text) => JSON.stringify({ ...(JSON.parse(text) as object), records: [1, 2] }),
      problem: /damaged: its structure is not what the app wrote/,
    },
    {
      name: 'another program’s JSON',
      damage: () => '{"accounts":[]}',
      problem: /damaged: its structure is not what the app wrote/,
    },
    {
      name: 'a future format version',
      damage: (text) => JSON.stringify({ ...(JSON.parse(text) as object), version: 2 }),
      problem: /format version 2, which this version of the app cannot read\. Update the app/,
    },
  ];

  it.each(damages)('$name: reported as corrupt and never overwritten', async (c) => {
    const original = c.damage(await realVaultText());
    await writeFile(tmp.vaultFile, original);
    const before = await snapshot(tmp.vaultFile);

    const vault = openVault(tmp.vaultFile, { keychain: new TestKeychain() });
    const status = await vault.load();
    expect(status).toMatchObject({ state: 'corrupt', protection: null });
    expect(status.problem).toMatch(c.problem);
    // No parser or schema internals in what the user reads.
    expect(status.problem).not.toMatch(/zod|SyntaxError|Unexpected token|at position/i);

    await expectAppError(vault.create({ kind: 'os-keychain' }), 'INVALID_INPUT');
    await expectAppError(
      vault.create({ kind: 'passphrase', passphrase: 'a new passphrase' }),
      'INVALID_INPUT',
    );
    await expectAppError(vault.unlock(PASSPHRASE), 'VAULT_CORRUPT');
    await expectAppError(() => vault.get('account:a'), 'VAULT_CORRUPT');
    await expectAppError(vault.put('account:a', secretA), 'VAULT_CORRUPT');
    await expectAppError(
      vault.changeProtection({ kind: 'passphrase', passphrase: 'a new passphrase' }),
      'VAULT_CORRUPT',
    );
    expect(await snapshot(tmp.vaultFile)).toEqual(before);

    const movedTo = await vault.setAsideDamagedFile();
    expect(movedTo.startsWith(`${tmp.vaultFile}.damaged-`)).toBe(true);
    expect(await readFile(movedTo)).toEqual(before.bytes);
    await expect(stat(tmp.vaultFile)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await vault.status()).state).toBe('missing');

    await vault.create({ kind: 'passphrase', passphrase: 'a new passphrase' });
    await vault.put('account:a', secretB);
    const fresh = openVault(tmp.vaultFile);
    await fresh.load();
    await fresh.unlock('a new passphrase');
    expect(fresh.get('account:a')).toEqual(secretB);
    // The damaged copy is still there, unchanged, for recovery.
    expect(await readFile(movedTo)).toEqual(before.bytes);
  });

  it('setting aside is refused for a vault that is not damaged', async () => {
    await realVaultText();
    const before = await snapshot(tmp.vaultFile);
    const vault = openVault(tmp.vaultFile);
    await vault.load();
    await expectAppError(vault.setAsideDamagedFile(), 'INVALID_INPUT');
    expect(await snapshot(tmp.vaultFile)).toEqual(before);
  });

  it('names the set-aside copy after the time it was moved', async () => {
    await writeFile(tmp.vaultFile, 'not json');
    const vault = openVault(tmp.vaultFile, { now: () => new Date('2025-03-04T05:06:07.089Z') });
    await vault.load();
    expect(await vault.setAsideDamagedFile()).toBe(
      `${tmp.vaultFile}.damaged-2025-03-04T05-06-07-089Z`,
    );
  });
});
