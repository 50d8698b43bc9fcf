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
  type VaultJson,
} from './vault-files.ts';

const tmp = useTempVaultFolder();

const secretA = { accessToken: 'at-AAAA', tokenType: 'Bearer', refreshToken: 'rt-AAAA' };
const secretB = { accessToken: 'at-BBBB', tokenType: 'Bearer', refreshToken: 'rt-BBBB' };

/** A keychain vault with two records, written and closed. */
async function vaultWithTwoRecords(keychain: TestKeychain): Promise<void> {
  const vault = await createKeychainVault(tmp.vaultFile, keychain);
  await vault.put('account:a', secretA);
  await vault.put('account:b', secretB);
  // Both records into vault.json itself; token-vault-journal.test.ts tampers with the journal.
  await vault.compact();
}

describe('tamper detection', () => {
  /** Loads the file as the app does on start and expects it reported as tampered with, untouched. */
  async function expectTampered(keychain: TestKeychain): Promise<void> {
    const tampered = await snapshot(tmp.vaultFile);
    const vault = openVault(tmp.vaultFile, { keychain });
    const status = await vault.load();
    expect(status.state).toBe('corrupt');
    expect(status.problem).toMatch(/changed outside the app/);
    expect(status.problem).not.toMatch(/at-AAAA|rt-AAAA|at-BBBB/);
    await expectAppError(() => vault.get('account:b'), 'VAULT_CORRUPT');
    await expectAppError(vault.put('account:c', secretA), 'VAULT_CORRUPT');
    expect(await snapshot(tmp.vaultFile)).toEqual(tampered);
    // Kept aside as any damaged vault, byte for byte.
    const movedTo = await vault.setAsideDamagedFile();
    expect(await readFile(movedTo)).toEqual(tampered.bytes);
  }

  it.each(['ct', 'tag', 'iv'] as const)(
    'a flipped byte in a record %s is reported as tampering and the file is left as it is',
    async (field) => {
      const keychain = new TestKeychain();
      await vaultWithTwoRecords(keychain);
      const json = await readVaultJson(tmp.vaultFile);
      const box = json.records['account:a'];
      if (!box) throw new Error('record missing');
      box[field] = flipBase64Byte(box[field], 3);
      await writeVaultJson(tmp.vaultFile, json);
      await expectTampered(keychain);
    },
  );

  it('a truncated tag or iv is refused like any other tampering', async () => {
    const keychain = new TestKeychain();
    await vaultWithTwoRecords(keychain);
    const json = await readVaultJson(tmp.vaultFile);
    const a = json.records['account:a'];
    if (!a) throw new Error('record missing');
    a.tag = Buffer.from(a.tag, 'base64').subarray(0, 8).toString('base64');
    await writeVaultJson(tmp.vaultFile, json);
    await expectTampered(keychain);
  });

  it("record A's sealed box copied under record B's id is reported as tampering", async () => {
    const keychain = new TestKeychain();
    await vaultWithTwoRecords(keychain);
    const json = await readVaultJson(tmp.vaultFile);
    json.records['account:b'] = { ...json.records['account:a']! };
    await writeVaultJson(tmp.vaultFile, json);
    await expectTampered(keychain);
  });

  it('an older copy of one record (rolled back) is reported as tampering', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    await vault.put('account:a', secretA);
    await vault.put('account:b', secretB);
    await vault.compact();
    const older = (await readVaultJson(tmp.vaultFile)).records['account:a']!;
    // A refresh rotates the tokens; the old refresh token is dead at the provider.
    await vault.put('account:a', { ...secretA, refreshToken: 'rt-rotated' });
    await vault.compact();

    const json = await readVaultJson(tmp.vaultFile);
    json.records['account:a'] = older;
    await writeVaultJson(tmp.vaultFile, json);
    await expectTampered(keychain);
  });

  it('a deleted record is reported as tampering', async () => {
    const keychain = new TestKeychain();
    await vaultWithTwoRecords(keychain);
    const json = await readVaultJson(tmp.vaultFile);
    delete json.records['account:a'];
    await writeVaultJson(tmp.vaultFile, json);
    await expectTampered(keychain);
  });

  it.each([
    { name: 'generation counter', edit: (json: VaultJson) => (json.generation -= 1) },
    { name: 'MAC', edit: (json: VaultJson) => (json.mac = flipBase64Byte(json.mac, 4)) },
    {
      name: 'binding of a record',
      edit: (json: VaultJson) =>
        (json.records['account:a']!.binding = {
          issuer: null,
          tokenEndpoint: 'https://attacker.example/token',
          origins: ['https://attacker.example'],
        }),
    },
  ])('an edited $name is reported as tampering', async ({ edit }) => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    await vault.put('account:a', secretA, {
      issuer: 'https://idp.example',
      tokenEndpoint: 'https://idp.example/token',
      origins: ['https://idp.example'],
    });
    await vault.put('account:b', secretB);
    await vault.compact();
    const json = await readVaultJson(tmp.vaultFile);
    edit(json);
    await writeVaultJson(tmp.vaultFile, json);
    await expectTampered(keychain);
  });

  it('the header of an older copy (same key, wrapped before) put back is reported as tampering', async () => {
    const keychain = new TestKeychain();
    await vaultWithTwoRecords(keychain);
    const olderHeader = (await readVaultJson(tmp.vaultFile)).protection;
    // The keychain asks for the key to be wrapped again: a new header for the same data key.
    keychain.shouldReEncrypt = true;
    await openVault(tmp.vaultFile, { keychain }).load();
    keychain.shouldReEncrypt = false;
    const json = await readVaultJson(tmp.vaultFile);
    expect(json.protection).not.toEqual(olderHeader);

    json.protection = olderHeader;
    await writeVaultJson(tmp.vaultFile, json);
    await expectTampered(keychain);
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
    await vault.compact();
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
    await vault.compact();
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
      damage: (text) => JSON.stringify({ ...(JSON.parse(text) as object), version: 4 }),
      problem: /format version 4, which this version of the app cannot read\. Update the app/,
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
      vault.changeProtection({ kind: 'passphrase', passphrase: 'a new passphrase' }, PASSPHRASE),
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
