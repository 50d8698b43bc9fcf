import { copyFile, readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateDataKey, seal } from '../../../main/core/vault/envelope.ts';
import {
  protectWithKeychain,
  protectWithPassphrase,
} from '../../../main/core/vault/key-protection.ts';
import { TestKeychain } from '../../support/test-keychain.ts';
import {
  PASSPHRASE,
  TEST_SCRYPT,
  expectAppError,
  flipBase64Byte,
  openVault,
  readVaultJson,
  snapshot,
  useTempVaultFolder,
  writeVaultJson,
} from './vault-files.ts';

const tmp = useTempVaultFolder();
const tokens = { accessToken: 'at-legacy', tokenType: 'Bearer', refreshToken: 'rt-legacy' };
const secret = { clientSecret: 'cs-legacy' };
const binding = {
  issuer: 'https://idp.example',
  tokenEndpoint: 'https://idp.example/token',
  origins: ['https://idp.example'],
};

/** A vault file exactly as the previous version of the app wrote it (format version 1). */
async function writeLegacyVault(
  protection: { keychain: TestKeychain } | { passphrase: string },
  records: Record<string, unknown>,
): Promise<void> {
  const dataKey = generateDataKey();
  const sealed = Object.fromEntries(
    Object.entries(records).map(([id, value]) => [
      id,
      seal(dataKey, Buffer.from(JSON.stringify(value)), `token-desk-vault:v1:record:${id}`),
    ]),
  );
  await writeVaultJson(tmp.vaultFile, {
    format: 'token-desk-vault',
    version: 1,
    protection:
      'keychain' in protection
        ? await protectWithKeychain(dataKey, protection.keychain)
        : await protectWithPassphrase(dataKey, protection.passphrase, TEST_SCRYPT),
    records: sealed,
  });
}

describe('a vault file of the previous format', () => {
  it('is migrated once on unlock: records kept, bound, and authenticated', async () => {
    const keychain = new TestKeychain();
    await writeLegacyVault({ keychain }, { 'account:a': tokens, 'provider:p': secret });
    const bindings: string[] = [];
    const vault = openVault(tmp.vaultFile, {
      keychain,
      legacyBinding: (id) => {
        bindings.push(id);
        return id === 'account:a' ? binding : null;
      },
    });
    expect((await vault.load()).state).toBe('unlocked');
    expect(vault.get('account:a')).toEqual(tokens);
    expect(vault.get('provider:p')).toEqual(secret);
    expect(vault.bindingOf('account:a')).toEqual(binding);
    expect(vault.bindingOf('provider:p')).toBeNull();
    expect(bindings.sort()).toEqual(['account:a', 'provider:p']);

    const migrated = await readVaultJson(tmp.vaultFile);
    expect(migrated).toMatchObject({ version: 3, generation: 1 });
    expect(migrated.mac).toMatch(/^[A-Za-z0-9+/]+=*$/);

    // Migrated once: the next start reads the new format and rewrites nothing.
    const written = await snapshot(tmp.vaultFile);
    const again = openVault(tmp.vaultFile, { keychain, legacyBinding: () => binding });
    await again.load();
    expect(again.get('account:a')).toEqual(tokens);
    expect(again.bindingOf('provider:p')).toBeNull();
    expect(await snapshot(tmp.vaultFile)).toEqual(written);

    // From now on, rolling back a record is noticed.
    const json = await readVaultJson(tmp.vaultFile);
    delete json.records['provider:p'];
    await writeVaultJson(tmp.vaultFile, json);
    expect((await openVault(tmp.vaultFile, { keychain }).load()).state).toBe('corrupt');
  });

  it('migrates a passphrase vault when the passphrase is entered', async () => {
    await writeLegacyVault({ passphrase: PASSPHRASE }, { 'account:a': tokens });
    const vault = openVault(tmp.vaultFile);
    expect((await vault.load()).state).toBe('locked');
    await expectAppError(vault.unlock('not the passphrase'), 'WRONG_PASSPHRASE');
    expect((await readVaultJson(tmp.vaultFile)).version).toBe(1);
    await vault.unlock(PASSPHRASE);
    expect(vault.get('account:a')).toEqual(tokens);
    expect((await readVaultJson(tmp.vaultFile)).version).toBe(3);
  });

  it('with a damaged record is reported and left as it is, not migrated', async () => {
    const keychain = new TestKeychain();
    await writeLegacyVault({ keychain }, { 'account:a': tokens, 'account:b': tokens });
    const json = await readVaultJson(tmp.vaultFile);
    json.records['account:b']!.ct = flipBase64Byte(json.records['account:b']!.ct);
    await writeVaultJson(tmp.vaultFile, json);
    const before = await snapshot(tmp.vaultFile);

    const status = await openVault(tmp.vaultFile, { keychain }).load();
    expect(status.state).toBe('corrupt');
    expect(status.problem).toMatch(/changed outside the app/);
    expect(await snapshot(tmp.vaultFile)).toEqual(before);
  });
});

/**
 * Written by the previous version of the app (format 2: one file rewritten whole on every
 * change) with the test passphrase: records `account:a` (bound) and `provider:p`; `account:b`
 * was put and deleted again.
 */
const FORMAT_2_VAULT = new URL('./fixtures/format-2-vault.json', import.meta.url);

describe('a vault file of format 2 (snapshot only)', () => {
  it('opens, keeps every record and binding, and is migrated once', async () => {
    await copyFile(FORMAT_2_VAULT, tmp.vaultFile);
    const vault = openVault(tmp.vaultFile);
    expect((await vault.load()).state).toBe('locked');
    await vault.unlock(PASSPHRASE);
    expect(vault.get('account:a')).toEqual({
      accessToken: 'at-format-2',
      tokenType: 'Bearer',
      refreshToken: 'rt-format-2',
    });
    expect(vault.bindingOf('account:a')).toEqual(binding);
    expect(vault.get('provider:p')).toEqual({ clientSecret: 'cs-format-2' });
    expect(vault.has('account:b')).toBe(false);
    const migrated = await readVaultJson(tmp.vaultFile);
    expect(migrated.version).toBe(3);

    // Migrated once: later starts read format 3 and rewrite nothing; changes go to the journal.
    const written = await snapshot(tmp.vaultFile);
    const again = openVault(tmp.vaultFile);
    await again.load();
    await again.unlock(PASSPHRASE);
    expect(await snapshot(tmp.vaultFile)).toEqual(written);
    await again.put('account:a', tokens, binding);
    expect(await snapshot(tmp.vaultFile)).toEqual(written);
    expect((await readdir(tmp.dir)).sort()).toEqual(['vault.json', 'vault.json.journal']);
    const third = openVault(tmp.vaultFile);
    await third.load();
    await third.unlock(PASSPHRASE);
    expect(third.get('account:a')).toEqual(tokens);
  });

  it('with a record edited is reported as tampered with and not migrated', async () => {
    await copyFile(FORMAT_2_VAULT, tmp.vaultFile);
    const json = await readVaultJson(tmp.vaultFile);
    json.records['provider:p']!.ct = flipBase64Byte(json.records['provider:p']!.ct);
    await writeVaultJson(tmp.vaultFile, json);
    const before = await snapshot(tmp.vaultFile);
    const vault = openVault(tmp.vaultFile);
    await vault.load();
    await expectAppError(vault.unlock(PASSPHRASE), 'VAULT_CORRUPT');
    expect(await snapshot(tmp.vaultFile)).toEqual(before);
  });
});
