import {
  chmod,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../main/core/errors.ts';
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
} from './vault-files.ts';

const tmp = useTempVaultFolder();

const tokens = {
  accessToken: 'at-1f3c…',
  tokenType: 'Bearer',
  refreshToken: 'rt-9a8b…',
  idToken: 'eyJhbGciOiJSUzI1NiJ9.e30.sig',
};

describe('round trip', () => {
  it('stores records under the OS keychain and reads them back after a restart', async () => {
    const keychain = new TestKeychain();
    const vault = openVault(tmp.vaultFile, { keychain });
    expect((await vault.load()).state).toBe('missing');
    await vault.create({ kind: 'os-keychain' });
    expect(await vault.status()).toMatchObject({ state: 'unlocked', protection: 'os-keychain' });

    await vault.put('account:a', tokens);
    await vault.put('provider:p', { clientSecret: 's3cr3t' });
    expect(vault.get('account:a')).toEqual(tokens);
    expect(vault.has('provider:p')).toBe(true);

    // "Restart": a new instance reads the file and unlocks through the keychain by itself.
    const reopened = openVault(tmp.vaultFile, { keychain });
    expect(await reopened.load()).toMatchObject({ state: 'unlocked', protection: 'os-keychain' });
    expect(reopened.get('account:a')).toEqual(tokens);
    expect(reopened.get('provider:p')).toEqual({ clientSecret: 's3cr3t' });
    expect(reopened.get('account:missing')).toBeUndefined();
    expect(reopened.has('account:missing')).toBe(false);
  });

  it('stores records under a passphrase and needs it again after a restart', async () => {
    const vault = await createPassphraseVault(tmp.vaultFile);
    await vault.put('account:a', tokens);

    const reopened = openVault(tmp.vaultFile);
    expect(await reopened.load()).toMatchObject({ state: 'locked', protection: 'passphrase' });
    await expectAppError(() => reopened.get('account:a'), 'VAULT_LOCKED');
    await reopened.unlock(PASSPHRASE);
    expect(reopened.isUnlocked).toBe(true);
    expect(reopened.get('account:a')).toEqual(tokens);
  });

  it('never writes token material in clear text', async () => {
    const vault = await createKeychainVault(tmp.vaultFile);
    await vault.put('account:a', tokens);
    const text = await readFile(tmp.vaultFile, 'utf8');
    for (const secret of Object.values(tokens)) expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(tokens.refreshToken).toString('base64'));
  });

  it('overwrites and deletes records, and the change survives a restart', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    await vault.put('account:a', { v: 1 });
    await vault.put('account:b', { v: 1 });
    await vault.put('account:a', { v: 2 });
    await vault.delete('account:b');
    expect(vault.get('account:a')).toEqual({ v: 2 });
    await vault.compact();
    expect(vault.get('account:b')).toBeUndefined();

    const reopened = openVault(tmp.vaultFile, { keychain });
    await reopened.load();
    expect(reopened.get('account:a')).toEqual({ v: 2 });
    expect(reopened.has('account:b')).toBe(false);
    expect(Object.keys((await readVaultJson(tmp.vaultFile)).records)).toEqual(['account:a']);
  });

  it('keeps every record when many puts run at the same time', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    await Promise.all(Array.from({ length: 25 }, (_, i) => vault.put(`account:${i}`, { i })));

    const reopened = openVault(tmp.vaultFile, { keychain });
    await reopened.load();
    for (let i = 0; i < 25; i++) expect(reopened.get(`account:${i}`)).toEqual({ i });
  });

  it('refuses a passphrase shorter than 8 characters and writes nothing', async () => {
    const vault = openVault(tmp.vaultFile);
    await vault.load();
    await expectAppError(
      vault.create({ kind: 'passphrase', passphrase: 'short' }),
      'INVALID_INPUT',
    );
    await expect(stat(tmp.vaultFile)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await vault.status()).state).toBe('missing');
  });

  it('asks for a passphrase when the system has no keychain, and writes nothing', async () => {
    const vault = openVault(tmp.vaultFile, { keychain: new TestKeychain(false) });
    await vault.load();
    expect((await vault.status()).keychainAvailable).toBe(false);
    const error = await expectAppError(vault.create({ kind: 'os-keychain' }), 'UNSUPPORTED');
    expect(error.message).toMatch(/passphrase/);
    await expect(stat(tmp.vaultFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to create a vault over an existing one', async () => {
    const first = await createPassphraseVault(tmp.vaultFile);
    await first.put('account:a', tokens);
    const before = await snapshot(tmp.vaultFile);

    // A second instance that never loaded the file still must not overwrite it.
    const second = openVault(tmp.vaultFile);
    await expectAppError(
      second.create({ kind: 'passphrase', passphrase: 'another passphrase' }),
      'INVALID_INPUT',
    );
    await expectAppError(first.create({ kind: 'os-keychain' }), 'INVALID_INPUT');
    expect(await snapshot(tmp.vaultFile)).toEqual(before);
  });
});

describe('lock', () => {
  it('makes get, has, put and delete fail with VAULT_LOCKED until unlocked again', async () => {
    const vault = await createPassphraseVault(tmp.vaultFile);
    await vault.put('account:a', tokens);
    const before = await snapshot(tmp.vaultFile);

    vault.lock();
    expect(await vault.status()).toMatchObject({ state: 'locked', protection: 'passphrase' });
    await expectAppError(() => vault.get('account:a'), 'VAULT_LOCKED');
    await expectAppError(() => vault.has('account:a'), 'VAULT_LOCKED');
    await expectAppError(vault.put('account:b', tokens), 'VAULT_LOCKED');
    await expectAppError(vault.delete('account:a'), 'VAULT_LOCKED');
    expect(await snapshot(tmp.vaultFile)).toEqual(before);

    await vault.unlock(PASSPHRASE);
    expect(vault.get('account:a')).toEqual(tokens);
  });

  it('a locked keychain vault unlocks again through the keychain', async () => {
    const vault = await createKeychainVault(tmp.vaultFile);
    await vault.put('account:a', tokens);
    vault.lock();
    await expectAppError(() => vault.get('account:a'), 'VAULT_LOCKED');
    await vault.unlock('');
    expect(vault.get('account:a')).toEqual(tokens);
  });

  it('tells listeners about every state change', async () => {
    const vault = openVault(tmp.vaultFile);
    const states: string[] = [];
    const unsubscribe = vault.onChange(() => {
      void vault.status().then((s) => states.push(s.state));
    });
    await vault.load();
    await vault.create({ kind: 'passphrase', passphrase: PASSPHRASE });
    vault.lock();
    await vault.unlock(PASSPHRASE);
    unsubscribe();
    vault.lock();
    await new Promise((resolve) => setImmediate(resolve));
    expect(states).toEqual(['missing', 'unlocked', 'locked', 'unlocked']);
  });
});

describe('changing protection', () => {
  it('keychain → passphrase → keychain keeps every record readable, also after restarts', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    await vault.put('account:a', tokens);
    await vault.put('provider:p', { clientSecret: 's3cr3t' });

    await vault.changeProtection({ kind: 'passphrase', passphrase: PASSPHRASE });
    expect(vault.get('account:a')).toEqual(tokens);
    expect((await readVaultJson(tmp.vaultFile)).protection.kind).toBe('passphrase');

    const withPassphrase = openVault(tmp.vaultFile, { keychain });
    expect(await withPassphrase.load()).toMatchObject({
      state: 'locked',
      protection: 'passphrase',
    });
    await withPassphrase.unlock(PASSPHRASE);
    expect(withPassphrase.get('account:a')).toEqual(tokens);

    await withPassphrase.changeProtection({ kind: 'os-keychain' }, PASSPHRASE);
    const backOnKeychain = openVault(tmp.vaultFile, { keychain });
    expect(await backOnKeychain.load()).toMatchObject({
      state: 'unlocked',
      protection: 'os-keychain',
    });
    expect(backOnKeychain.get('account:a')).toEqual(tokens);
    expect(backOnKeychain.get('provider:p')).toEqual({ clientSecret: 's3cr3t' });
  });

  it('changing the passphrase makes the old one stop working', async () => {
    const vault = await createPassphraseVault(tmp.vaultFile);
    await vault.put('account:a', tokens);
    await vault.changeProtection(
      { kind: 'passphrase', passphrase: 'a brand new passphrase' },
      PASSPHRASE,
    );

    const reopened = openVault(tmp.vaultFile);
    await reopened.load();
    await expectAppError(reopened.unlock(PASSPHRASE), 'WRONG_PASSPHRASE');
    await reopened.unlock('a brand new passphrase');
    expect(reopened.get('account:a')).toEqual(tokens);
  });

  it('is refused while the vault is locked', async () => {
    const vault = await createPassphraseVault(tmp.vaultFile);
    vault.lock();
    await expectAppError(
      vault.changeProtection({ kind: 'passphrase', passphrase: 'a brand new passphrase' }),
      'VAULT_LOCKED',
    );
  });

  it('re-wraps the data key when the keychain asks for it (shouldReEncrypt)', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    await vault.put('account:a', tokens);
    await vault.compact();
    const before = await readVaultJson(tmp.vaultFile);

    // Without the request, loading does not rewrite the file.
    const untouched = await snapshot(tmp.vaultFile);
    await openVault(tmp.vaultFile, { keychain }).load();
    expect(await snapshot(tmp.vaultFile)).toEqual(untouched);

    keychain.shouldReEncrypt = true;
    const reopened = openVault(tmp.vaultFile, { keychain });
    expect((await reopened.load()).state).toBe('unlocked');
    const after = await readVaultJson(tmp.vaultFile);
    expect(after.protection.kind).toBe('os-keychain');
    expect(after.protection.wrappedKey).not.toEqual(before.protection.wrappedKey);
    // Only the key wrapping changed: the sealed records are the same bytes.
    expect(after.records).toEqual(before.records);

    keychain.shouldReEncrypt = false;
    const third = openVault(tmp.vaultFile, { keychain });
    await third.load();
    expect(third.get('account:a')).toEqual(tokens);
  });
});

describe('file modes', () => {
  it('creates the vault file 0600 and the folders it creates 0700', async () => {
    const nested = join(tmp.dir, 'profile', 'token-desk', 'vault.json');
    const vault = await createKeychainVault(nested);
    await vault.put('account:a', tokens);

    expect((await stat(nested)).mode & 0o777).toBe(0o600);
    expect((await stat(join(tmp.dir, 'profile', 'token-desk'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(tmp.dir, 'profile'))).mode & 0o777).toBe(0o700);
  });

  it('makes a vault file that was made world-readable 0600 again on the next write', async () => {
    const vault = await createKeychainVault(tmp.vaultFile);
    await chmod(tmp.vaultFile, 0o644);
    await vault.put('account:a', tokens);
    expect((await stat(tmp.vaultFile)).mode & 0o777).toBe(0o600);
  });

  it('leaves no temporary files behind after successful writes', async () => {
    const vault = await createKeychainVault(tmp.vaultFile);
    await Promise.all(Array.from({ length: 10 }, (_, i) => vault.put(`account:${i}`, tokens)));
    await vault.delete('account:3');
    await vault.changeProtection({ kind: 'passphrase', passphrase: PASSPHRASE });
    expect(await readdir(tmp.dir)).toEqual(['vault.json']);
  });

  it('leaves an existing folder as it is', async () => {
    const existing = join(tmp.dir, 'shared');
    await mkdir(existing, { mode: 0o755 });
    await chmod(existing, 0o755);
    await createPassphraseVault(join(existing, 'vault.json'));
    expect((await stat(existing)).mode & 0o777).toBe(0o755);
    expect((await stat(join(existing, 'vault.json'))).mode & 0o777).toBe(0o600);
  });
});

describe('a write that fails', () => {
  /** Every record of the reopened vault, as a restart would see them. */
  async function reopenedRecords(keychain: TestKeychain): Promise<Record<string, unknown>> {
    const reopened = openVault(tmp.vaultFile, { keychain });
    await reopened.load();
    return Object.fromEntries(
      ['account:a', 'account:b', 'account:c'].flatMap((id) =>
        reopened.has(id) ? [[id, reopened.get(id)]] : [],
      ),
    );
  }

  it('disk full (ENOSPC on append): a clear error, the previous state readable, later writes work', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    await vault.put('account:a', tokens);
    await vault.compact();
    // The journal becomes the kernel's always-full device: every write fails with ENOSPC.
    await symlink('/dev/full', `${tmp.vaultFile}.journal`);

    const [b, c] = await Promise.allSettled([
      vault.put('account:b', tokens),
      vault.put('account:c', tokens),
    ]);
    for (const result of [b, c]) {
      expect(result.status).toBe('rejected');
      const error = (result as PromiseRejectedResult).reason as AppError;
      expect(error.code).toBe('WRITE_FAILED');
      expect(error.message).toMatch(/the disk is full\. The tokens stored before are unchanged/);
    }
    expect(vault.has('account:b')).toBe(false);
    expect(vault.get('account:a')).toEqual(tokens);

    // Space again (reading /dev/full never ends, so the restart comes after this).
    await rm(`${tmp.vaultFile}.journal`);
    expect(await reopenedRecords(keychain)).toEqual({ 'account:a': tokens });
    await vault.put('account:c', tokens);
    expect(await reopenedRecords(keychain)).toEqual({ 'account:a': tokens, 'account:c': tokens });
  });

  it('a journal that cannot be written (a folder in its place): nothing changes, later writes work', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    await vault.put('account:a', tokens);
    await vault.compact();
    // A non-empty folder where the journal goes: opening it for appending fails (even as root).
    await mkdir(`${tmp.vaultFile}.journal`);
    await writeFile(join(`${tmp.vaultFile}.journal`, 'in-the-way'), '');
    await expect(vault.put('account:b', tokens)).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    expect(vault.has('account:b')).toBe(false);
    expect(vault.get('account:a')).toEqual(tokens);

    await rm(`${tmp.vaultFile}.journal`, { recursive: true });
    await vault.put('account:c', tokens);
    expect(await reopenedRecords(keychain)).toEqual({ 'account:a': tokens, 'account:c': tokens });
  });

  it('a snapshot that cannot be replaced (re-keying): nothing changes, the old protection still opens it', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    await vault.put('account:a', tokens);

    // Put a non-empty folder where the vault file is, so the final rename fails (even as root).
    await rename(tmp.vaultFile, `${tmp.vaultFile}.real`);
    await mkdir(tmp.vaultFile);
    await writeFile(join(tmp.vaultFile, 'in-the-way'), '');
    await expect(
      vault.changeProtection({ kind: 'passphrase', passphrase: PASSPHRASE }),
    ).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    expect(vault.protection).toBe('os-keychain');
    expect(vault.get('account:a')).toEqual(tokens);
    expect((await readdir(tmp.dir)).sort()).toEqual([
      'vault.json',
      'vault.json.journal',
      'vault.json.real',
    ]);

    await rm(tmp.vaultFile, { recursive: true });
    await rename(`${tmp.vaultFile}.real`, tmp.vaultFile);
    await vault.put('account:c', tokens);
    expect(await reopenedRecords(keychain)).toEqual({ 'account:a': tokens, 'account:c': tokens });
  });
});

describe('regressions', () => {
  it('bug: a put while the protection was being changed was lost from memory and disk', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    await vault.put('account:a', tokens);

    // scrypt runs while the put (a background refresh, say) is written.
    const change = vault.changeProtection({ kind: 'passphrase', passphrase: PASSPHRASE });
    const put = vault.put('account:b', { rotated: 'rt-new' });
    await Promise.all([change, put]);

    expect(vault.get('account:b')).toEqual({ rotated: 'rt-new' });
    const reopened = openVault(tmp.vaultFile, { keychain });
    expect((await reopened.load()).protection).toBe('passphrase');
    await reopened.unlock(PASSPHRASE);
    expect(reopened.get('account:a')).toEqual(tokens);
    expect(reopened.get('account:b')).toEqual({ rotated: 'rt-new' });
  });

  it('bug: locking while a passphrase was being set wrapped an erased key, making every record unreadable', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    await vault.put('account:a', tokens);

    const change = vault.changeProtection({ kind: 'passphrase', passphrase: PASSPHRASE });
    vault.lock();
    await change;

    const reopened = openVault(tmp.vaultFile, { keychain });
    expect((await reopened.load()).protection).toBe('passphrase');
    await reopened.unlock(PASSPHRASE);
    expect(reopened.get('account:a')).toEqual(tokens);
  });

  it('bug: a put accepted just before lock() was dropped instead of saved', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);

    const put = vault.put('account:a', tokens);
    vault.lock();
    await put;
    await expectAppError(vault.put('account:b', tokens), 'VAULT_LOCKED');

    const reopened = openVault(tmp.vaultFile, { keychain });
    await reopened.load();
    expect(reopened.get('account:a')).toEqual(tokens);
    expect(reopened.has('account:b')).toBe(false);
  });

  it('bug: two creates at the same time wrote two vaults, the second over the first', async () => {
    const vault = openVault(tmp.vaultFile);
    await vault.load();
    const results = await Promise.allSettled([
      vault.create({ kind: 'passphrase', passphrase: 'first passphrase' }),
      vault.create({ kind: 'passphrase', passphrase: 'second passphrase' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    const second = results[1] as PromiseRejectedResult;
    await expectAppError(() => {
      throw second.reason;
    }, 'INVALID_INPUT');
    await vault.put('account:a', tokens);

    const reopened = openVault(tmp.vaultFile);
    await reopened.load();
    await expectAppError(reopened.unlock('second passphrase'), 'WRONG_PASSPHRASE');
    await reopened.unlock('first passphrase');
    expect(reopened.get('account:a')).toEqual(tokens);
  });

  it('bug: record ids named like Object members (constructor, toString) read as corrupt', async () => {
    const keychain = new TestKeychain();
    const vault = await createKeychainVault(tmp.vaultFile, keychain);
    expect(vault.get('constructor')).toBeUndefined();
    expect(vault.has('toString')).toBe(false);

    await vault.put('constructor', { v: 1 });
    const reopened = openVault(tmp.vaultFile, { keychain });
    await reopened.load();
    expect(reopened.get('constructor')).toEqual({ v: 1 });
    expect(reopened.get('hasOwnProperty')).toBeUndefined();
  });

  it.each([
    { name: 'N not a power of two', kdf: { N: 1000 } },
    { name: 'N too large to compute', kdf: { N: 2 ** 40 } },
    { name: 'a memory cost of many GiB', kdf: { N: 2 ** 24, r: 64 } },
  ])(
    'bug: scrypt parameters no app writes ($name) made unlock throw an internal error',
    async ({ kdf }) => {
      await createPassphraseVault(tmp.vaultFile);
      const json = await readVaultJson(tmp.vaultFile);
      if (json.protection.kind !== 'passphrase') throw new Error('expected passphrase');
      Object.assign(json.protection.kdf, kdf);
      await writeFile(tmp.vaultFile, JSON.stringify(json));

      const reopened = openVault(tmp.vaultFile);
      const status = await reopened.load();
      expect(status.state).toBe('corrupt');
      expect(status.problem).toMatch(/damaged/);
      await expectAppError(reopened.unlock(PASSPHRASE), 'VAULT_CORRUPT');
    },
  );
});
