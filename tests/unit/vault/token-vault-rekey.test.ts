import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { open } from '../../../main/core/vault/envelope.ts';
import {
  unwrapWithKeychain,
  unwrapWithPassphrase,
} from '../../../main/core/vault/key-protection.ts';
import { recordAad } from '../../../main/core/vault/token-vault.ts';
import { deriveVaultKeys } from '../../../main/core/vault/vault-keys.ts';
import { TestKeychain } from '../../support/test-keychain.ts';
import {
  PASSPHRASE,
  createKeychainVault,
  createPassphraseVault,
  expectAppError,
  openVault,
  readVaultJson,
  snapshot,
  useTempVaultFolder,
  writeVaultJson,
  type VaultJson,
} from './vault-files.ts';

const tmp = useTempVaultFolder();
const NEW_PASSPHRASE = 'a brand new passphrase';
const secretA = { accessToken: 'at-AAAA', tokenType: 'Bearer', refreshToken: 'rt-AAAA' };
const rotated = { accessToken: 'at-A2', tokenType: 'Bearer', refreshToken: 'rt-A2' };
const secretB = { accessToken: 'at-BBBB', tokenType: 'Bearer', refreshToken: 'rt-BBBB' };

/** Tries to open every record of `json` with `dataKey`, as the app or an attacker could. */
function openedRecords(json: VaultJson, dataKey: Buffer): string[] {
  const keys = deriveVaultKeys(dataKey);
  return Object.entries(json.records).flatMap(([id, { binding, ...box }]) => {
    const aad = recordAad(id, binding ?? null);
    // Neither the derived record key nor the raw data key (the previous format) opens it.
    const plain = open(keys.recordKey, box, aad) ?? open(dataKey, box, aad);
    return plain ? [id] : [];
  });
}

describe('changing protection re-keys the vault', () => {
  it('an old copy of vault.json and the old passphrase decrypt nothing written afterwards', async () => {
    const vault = await createPassphraseVault(tmp.vaultFile);
    await vault.put('account:a', secretA);
    await vault.compact();
    const oldCopy = JSON.parse(await readFile(tmp.vaultFile, 'utf8')) as VaultJson;

    await vault.changeProtection({ kind: 'passphrase', passphrase: NEW_PASSPHRASE }, PASSPHRASE);
    await vault.put('account:a', rotated);
    await vault.put('account:b', secretB);
    await vault.compact();

    if (oldCopy.protection.kind !== 'passphrase') throw new Error('expected a passphrase vault');
    const oldKey = await unwrapWithPassphrase(oldCopy.protection, PASSPHRASE);
    expect(oldKey).toBeDefined();
    // The old key still opens the old copy (the test's attacker is real)…
    expect(openedRecords(oldCopy, oldKey!)).toEqual(['account:a']);
    // …but nothing of the file as it is now: every record was sealed again under a new key.
    const now = await readVaultJson(tmp.vaultFile);
    expect(Object.keys(now.records).sort()).toEqual(['account:a', 'account:b']);
    expect(openedRecords(now, oldKey!)).toEqual([]);

    // The old header put back on the new records is tampering, not a way in.
    await writeVaultJson(tmp.vaultFile, { ...now, protection: oldCopy.protection });
    const hybrid = openVault(tmp.vaultFile);
    await hybrid.load();
    await expectAppError(hybrid.unlock(PASSPHRASE), 'VAULT_CORRUPT');
  });

  it('switching keychain → passphrase leaves the old keychain-wrapped key useless for new records', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    await vault.put('account:a', secretA);
    const oldCopy = await readVaultJson(tmp.vaultFile);

    await vault.changeProtection({ kind: 'passphrase', passphrase: PASSPHRASE });
    await vault.put('account:b', secretB);
    await vault.compact();

    if (oldCopy.protection.kind !== 'os-keychain') throw new Error('expected a keychain vault');
    const old = await unwrapWithKeychain(oldCopy.protection, keychain);
    expect(old).toBeDefined();
    expect(openedRecords(await readVaultJson(tmp.vaultFile), old!.dataKey)).toEqual([]);

    const reopened = openVault(tmp.vaultFile, { keychain });
    await reopened.load();
    await reopened.unlock(PASSPHRASE);
    expect(reopened.get('account:a')).toEqual(secretA);
    expect(reopened.get('account:b')).toEqual(secretB);
  });

  it('passphrase → keychain → passphrase keeps every record and its binding', async () => {
    const keychain = new TestKeychain();
    const vault = openVault(tmp.vaultFile, { keychain });
    await vault.load();
    await vault.create({ kind: 'passphrase', passphrase: PASSPHRASE });
    const binding = {
      issuer: 'https://idp.example',
      tokenEndpoint: 'https://idp.example/token',
      origins: ['https://idp.example'],
    };
    await vault.put('account:a', secretA, binding);
    await vault.changeProtection({ kind: 'os-keychain' }, PASSPHRASE);
    await vault.changeProtection({ kind: 'passphrase', passphrase: NEW_PASSPHRASE });

    const reopened = openVault(tmp.vaultFile, { keychain });
    await reopened.load();
    await reopened.unlock(NEW_PASSPHRASE);
    expect(reopened.get('account:a')).toEqual(secretA);
    expect(reopened.bindingOf('account:a')).toEqual(binding);
  });

  it('asks for the current passphrase, and a wrong one changes nothing', async () => {
    const vault = await createPassphraseVault(tmp.vaultFile);
    await vault.put('account:a', secretA);
    const before = await snapshot(tmp.vaultFile);

    const missing = await expectAppError(
      vault.changeProtection({ kind: 'passphrase', passphrase: NEW_PASSPHRASE }),
      'WRONG_PASSPHRASE',
    );
    expect(missing.message).toMatch(/current passphrase/);
    await expectAppError(
      vault.changeProtection({ kind: 'passphrase', passphrase: NEW_PASSPHRASE }, 'not it at all'),
      'WRONG_PASSPHRASE',
    );
    expect(await snapshot(tmp.vaultFile)).toEqual(before);
    expect(vault.get('account:a')).toEqual(secretA);

    await vault.changeProtection({ kind: 'passphrase', passphrase: NEW_PASSPHRASE }, PASSPHRASE);
    const reopened = openVault(tmp.vaultFile);
    await reopened.load();
    await expectAppError(reopened.unlock(PASSPHRASE), 'WRONG_PASSPHRASE');
    await reopened.unlock(NEW_PASSPHRASE);
    expect(reopened.get('account:a')).toEqual(secretA);
  });

  it('writes the whole change at once: a fresh data key and the next generation', async () => {
    const vault = await createPassphraseVault(tmp.vaultFile);
    await vault.put('account:a', secretA);
    await vault.compact();
    const before = await readVaultJson(tmp.vaultFile);
    await vault.changeProtection({ kind: 'passphrase', passphrase: NEW_PASSPHRASE }, PASSPHRASE);
    const after = await readVaultJson(tmp.vaultFile);
    expect(after.generation).toBe(before.generation + 1);
    expect(after.records['account:a']!.ct).not.toBe(before.records['account:a']!.ct);
  });
});
