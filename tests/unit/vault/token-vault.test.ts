import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestKeychain } from '../../support/test-keychain.ts';
import {
  PASSPHRASE,
  expectAppError,
  makeTempDir,
  openVault,
  readVaultJson,
  removeTempDir,
  snapshot,
} from './vault-files.ts';

let dir: string;
let filePath: string;

beforeEach(async () => {
  dir = await makeTempDir();
  filePath = join(dir, 'vault.json');
});
afterEach(async () => {
  await removeTempDir(dir);
});

const tokens = {
  accessToken: 'at-1f3c…',
  tokenType: 'Bearer',
  refreshToken: 'rt-9a8b…',
  idToken: 'eyJhbGciOiJSUzI1NiJ9.e30.sig',
};

describe('round trip', () => {
  it('stores records under the OS keychain and reads them back after a restart', async () => {
    const keychain = new TestKeychain();
    const vault = openVault(filePath, { keychain });
    expect((await vault.load()).state).toBe('missing');
    await vault.create({ kind: 'os-keychain' });
    expect(await vault.status()).toMatchObject({ state: 'unlocked', protection: 'os-keychain' });

    await vault.put('account:a', tokens);
    await vault.put('provider:p', { clientSecret: 's3cr3t' });
    expect(vault.get('account:a')).toEqual(tokens);
    expect(vault.has('provider:p')).toBe(true);

    // "Restart": a new instance reads the file and unlocks through the keychain by itself.
    const reopened = openVault(filePath, { keychain });
    expect(await reopened.load()).toMatchObject({ state: 'unlocked', protection: 'os-keychain' });
    expect(reopened.get('account:a')).toEqual(tokens);
    expect(reopened.get('provider:p')).toEqual({ clientSecret: 's3cr3t' });
    expect(reopened.get('account:missing')).toBeUndefined();
    expect(reopened.has('account:missing')).toBe(false);
  });

  it('stores records under a passphrase and needs it again after a restart', async () => {
    const vault = openVault(filePath);
    await vault.load();
    await vault.create({ kind: 'passphrase', passphrase: PASSPHRASE });
    await vault.put('account:a', tokens);

    const reopened = openVault(filePath);
    expect(await reopened.load()).toMatchObject({ state: 'locked', protection: 'passphrase' });
    await expectAppError(() => reopened.get('account:a'), 'VAULT_LOCKED');
    await reopened.unlock(PASSPHRASE);
    expect(reopened.isUnlocked).toBe(true);
    expect(reopened.get('account:a')).toEqual(tokens);
  });

  it('never writes token material in clear text', async () => {
    const vault = openVault(filePath, { keychain: new TestKeychain() });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });
    await vault.put('account:a', tokens);
    const text = await readFile(filePath, 'utf8');
    for (const secret of Object.values(tokens)) expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(tokens.refreshToken).toString('base64'));
  });

  it('overwrites and deletes records, and the change survives a restart', async () => {
    const keychain = new TestKeychain();
    const vault = openVault(filePath, { keychain });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });
    await vault.put('account:a', { v: 1 });
    await vault.put('account:b', { v: 1 });
    await vault.put('account:a', { v: 2 });
    await vault.delete('account:b');
    expect(vault.get('account:a')).toEqual({ v: 2 });
    expect(vault.get('account:b')).toBeUndefined();

    const reopened = openVault(filePath, { keychain });
    await reopened.load();
    expect(reopened.get('account:a')).toEqual({ v: 2 });
    expect(reopened.has('account:b')).toBe(false);
    expect(Object.keys((await readVaultJson(filePath)).records)).toEqual(['account:a']);
  });

  it('keeps every record when many puts run at the same time', async () => {
    const keychain = new TestKeychain();
    const vault = openVault(filePath, { keychain });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });
    await Promise.all(Array.from({ length: 25 }, (_, i) => vault.put(`account:${i}`, { i })));

    const reopened = openVault(filePath, { keychain });
    await reopened.load();
    for (let i = 0; i < 25; i++) expect(reopened.get(`account:${i}`)).toEqual({ i });
  });

  it('refuses a passphrase shorter than 8 characters and writes nothing', async () => {
    const vault = openVault(filePath);
    await vault.load();
    await expectAppError(
      vault.create({ kind: 'passphrase', passphrase: 'short' }),
      'INVALID_INPUT',
    );
    await expect(stat(filePath)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await vault.status()).state).toBe('missing');
  });

  it('asks for a passphrase when the system has no keychain, and writes nothing', async () => {
    const vault = openVault(filePath, { keychain: new TestKeychain(false) });
    await vault.load();
    expect((await vault.status()).keychainAvailable).toBe(false);
    const error = await expectAppError(vault.create({ kind: 'os-keychain' }), 'UNSUPPORTED');
    expect(error.message).toMatch(/passphrase/);
    await expect(stat(filePath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to create a vault over an existing one', async () => {
    const first = openVault(filePath);
    await first.load();
    await first.create({ kind: 'passphrase', passphrase: PASSPHRASE });
    await first.put('account:a', tokens);
    const before = await snapshot(filePath);

    // A second instance that never loaded the file still must not overwrite it.
    const second = openVault(filePath);
    await expectAppError(
      second.create({ kind: 'passphrase', passphrase: 'another passphrase' }),
      'INVALID_INPUT',
    );
    await expectAppError(first.create({ kind: 'os-keychain' }), 'INVALID_INPUT');
    expect(await snapshot(filePath)).toEqual(before);
  });
});

describe('lock', () => {
  it('makes get, has, put and delete fail with VAULT_LOCKED until unlocked again', async () => {
    const vault = openVault(filePath);
    await vault.load();
    await vault.create({ kind: 'passphrase', passphrase: PASSPHRASE });
    await vault.put('account:a', tokens);
    const before = await snapshot(filePath);

    vault.lock();
    expect(await vault.status()).toMatchObject({ state: 'locked', protection: 'passphrase' });
    await expectAppError(() => vault.get('account:a'), 'VAULT_LOCKED');
    await expectAppError(() => vault.has('account:a'), 'VAULT_LOCKED');
    await expectAppError(vault.put('account:b', tokens), 'VAULT_LOCKED');
    await expectAppError(vault.delete('account:a'), 'VAULT_LOCKED');
    expect(await snapshot(filePath)).toEqual(before);

    await vault.unlock(PASSPHRASE);
    expect(vault.get('account:a')).toEqual(tokens);
  });

  it('a locked keychain vault unlocks again through the keychain', async () => {
    const vault = openVault(filePath, { keychain: new TestKeychain() });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });
    await vault.put('account:a', tokens);
    vault.lock();
    await expectAppError(() => vault.get('account:a'), 'VAULT_LOCKED');
    await vault.unlock('');
    expect(vault.get('account:a')).toEqual(tokens);
  });

  it('tells listeners about every state change', async () => {
    const vault = openVault(filePath);
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
    const vault = openVault(filePath, { keychain });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });
    await vault.put('account:a', tokens);
    await vault.put('provider:p', { clientSecret: 's3cr3t' });

    await vault.changeProtection({ kind: 'passphrase', passphrase: PASSPHRASE });
    expect(vault.get('account:a')).toEqual(tokens);
    expect((await readVaultJson(filePath)).protection.kind).toBe('passphrase');

    const withPassphrase = openVault(filePath, { keychain });
    expect(await withPassphrase.load()).toMatchObject({
      state: 'locked',
      protection: 'passphrase',
    });
    await withPassphrase.unlock(PASSPHRASE);
    expect(withPassphrase.get('account:a')).toEqual(tokens);

    await withPassphrase.changeProtection({ kind: 'os-keychain' });
    const backOnKeychain = openVault(filePath, { keychain });
    expect(await backOnKeychain.load()).toMatchObject({
      state: 'unlocked',
      protection: 'os-keychain',
    });
    expect(backOnKeychain.get('account:a')).toEqual(tokens);
    expect(backOnKeychain.get('provider:p')).toEqual({ clientSecret: 's3cr3t' });
  });

  it('changing the passphrase makes the old one stop working', async () => {
    const vault = openVault(filePath);
    await vault.load();
    await vault.create({ kind: 'passphrase', passphrase: PASSPHRASE });
    await vault.put('account:a', tokens);
    await vault.changeProtection({ kind: 'passphrase', passphrase: 'a brand new passphrase' });

    const reopened = openVault(filePath);
    await reopened.load();
    await expectAppError(reopened.unlock(PASSPHRASE), 'WRONG_PASSPHRASE');
    await reopened.unlock('a brand new passphrase');
    expect(reopened.get('account:a')).toEqual(tokens);
  });

  it('is refused while the vault is locked', async () => {
    const vault = openVault(filePath);
    await vault.load();
    await vault.create({ kind: 'passphrase', passphrase: PASSPHRASE });
    vault.lock();
    await expectAppError(
      vault.changeProtection({ kind: 'passphrase', passphrase: 'a brand new passphrase' }),
      'VAULT_LOCKED',
    );
  });

  it('re-wraps the data key when the keychain asks for it (shouldReEncrypt)', async () => {
    const keychain = new TestKeychain();
    const vault = openVault(filePath, { keychain });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });
    await vault.put('account:a', tokens);
    const before = await readVaultJson(filePath);

    // Without the request, loading does not rewrite the file.
    const untouched = await snapshot(filePath);
    await openVault(filePath, { keychain }).load();
    expect(await snapshot(filePath)).toEqual(untouched);

    keychain.shouldReEncrypt = true;
    const reopened = openVault(filePath, { keychain });
    expect((await reopened.load()).state).toBe('unlocked');
    const after = await readVaultJson(filePath);
    expect(after.protection.kind).toBe('os-keychain');
    expect(after.protection.wrappedKey).not.toEqual(before.protection.wrappedKey);
    // Only the key wrapping changed: the sealed records are the same bytes.
    expect(after.records).toEqual(before.records);

    keychain.shouldReEncrypt = false;
    const third = openVault(filePath, { keychain });
    await third.load();
    expect(third.get('account:a')).toEqual(tokens);
  });
});

describe('file modes', () => {
  it('creates the vault file 0600 and the folders it creates 0700', async () => {
    const nested = join(dir, 'profile', 'token-desk', 'vault.json');
    const vault = openVault(nested, { keychain: new TestKeychain() });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });
    await vault.put('account:a', tokens);

    expect((await stat(nested)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'profile', 'token-desk'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'profile'))).mode & 0o777).toBe(0o700);
  });

  it('replaces a vault file that was made world-readable with a 0600 one on the next write', async () => {
    const vault = openVault(filePath, { keychain: new TestKeychain() });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });
    await chmod(filePath, 0o644);
    await vault.put('account:a', tokens);
    expect((await stat(filePath)).mode & 0o777).toBe(0o600);
  });

  it('leaves no temporary files behind after successful writes', async () => {
    const vault = openVault(filePath, { keychain: new TestKeychain() });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });
    await Promise.all(Array.from({ length: 10 }, (_, i) => vault.put(`account:${i}`, tokens)));
    await vault.delete('account:3');
    await vault.changeProtection({ kind: 'passphrase', passphrase: PASSPHRASE });
    expect(await readdir(dir)).toEqual(['vault.json']);
  });

  it('leaves an existing folder as it is', async () => {
    const existing = join(dir, 'shared');
    await mkdir(existing, { mode: 0o755 });
    await chmod(existing, 0o755);
    const vault = openVault(join(existing, 'vault.json'));
    await vault.load();
    await vault.create({ kind: 'passphrase', passphrase: PASSPHRASE });
    expect((await stat(existing)).mode & 0o777).toBe(0o755);
    expect((await stat(join(existing, 'vault.json'))).mode & 0o777).toBe(0o600);
  });
});

describe('a write that fails', () => {
  it('changes neither the records in memory nor the files, and does not block later writes', async () => {
    const keychain = new TestKeychain();
    const vault = openVault(filePath, { keychain });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });
    await vault.put('account:a', tokens);

    // Put a non-empty folder where the vault file is, so the final rename fails (even as root).
    await rename(filePath, `${filePath}.real`);
    await mkdir(filePath);
    await writeFile(join(filePath, 'in-the-way'), '');
    await expect(vault.put('account:b', tokens)).rejects.toThrow();
    expect(vault.has('account:b')).toBe(false);
    expect(vault.get('account:a')).toEqual(tokens);
    expect((await readdir(dir)).sort()).toEqual(['vault.json', 'vault.json.real']);

    await rm(filePath, { recursive: true });
    await rename(`${filePath}.real`, filePath);
    await vault.put('account:c', tokens);
    const reopened = openVault(filePath, { keychain });
    await reopened.load();
    expect(reopened.get('account:a')).toEqual(tokens);
    expect(reopened.get('account:c')).toEqual(tokens);
    expect(reopened.has('account:b')).toBe(false);
  });
});

describe('regressions', () => {
  it('bug: a put while the protection was being changed was lost from memory and disk', async () => {
    const keychain = new TestKeychain();
    const vault = openVault(filePath, { keychain });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });
    await vault.put('account:a', tokens);

    // scrypt runs while the put (a background refresh, say) is written.
    const change = vault.changeProtection({ kind: 'passphrase', passphrase: PASSPHRASE });
    const put = vault.put('account:b', { rotated: 'rt-new' });
    await Promise.all([change, put]);

    expect(vault.get('account:b')).toEqual({ rotated: 'rt-new' });
    const reopened = openVault(filePath, { keychain });
    expect((await reopened.load()).protection).toBe('passphrase');
    await reopened.unlock(PASSPHRASE);
    expect(reopened.get('account:a')).toEqual(tokens);
    expect(reopened.get('account:b')).toEqual({ rotated: 'rt-new' });
  });

  it('bug: locking while a passphrase was being set wrapped an erased key, making every record unreadable', async () => {
    const keychain = new TestKeychain();
    const vault = openVault(filePath, { keychain });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });
    await vault.put('account:a', tokens);

    const change = vault.changeProtection({ kind: 'passphrase', passphrase: PASSPHRASE });
    vault.lock();
    await change;

    const reopened = openVault(filePath, { keychain });
    expect((await reopened.load()).protection).toBe('passphrase');
    await reopened.unlock(PASSPHRASE);
    expect(reopened.get('account:a')).toEqual(tokens);
  });

  it('bug: a put accepted just before lock() was dropped instead of saved', async () => {
    const keychain = new TestKeychain();
    const vault = openVault(filePath, { keychain });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });

    const put = vault.put('account:a', tokens);
    vault.lock();
    await put;
    await expectAppError(vault.put('account:b', tokens), 'VAULT_LOCKED');

    const reopened = openVault(filePath, { keychain });
    await reopened.load();
    expect(reopened.get('account:a')).toEqual(tokens);
    expect(reopened.has('account:b')).toBe(false);
  });

  it('bug: two creates at the same time wrote two vaults, the second over the first', async () => {
    const vault = openVault(filePath);
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

    const reopened = openVault(filePath);
    await reopened.load();
    await expectAppError(reopened.unlock('second passphrase'), 'WRONG_PASSPHRASE');
    await reopened.unlock('first passphrase');
    expect(reopened.get('account:a')).toEqual(tokens);
  });

  it('bug: record ids named like Object members (constructor, toString) read as corrupt', async () => {
    const keychain = new TestKeychain();
    const vault = openVault(filePath, { keychain });
    await vault.load();
    await vault.create({ kind: 'os-keychain' });
    expect(vault.get('constructor')).toBeUndefined();
    expect(vault.has('toString')).toBe(false);

    await vault.put('constructor', { v: 1 });
    const reopened = openVault(filePath, { keychain });
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
      const vault = openVault(filePath);
      await vault.load();
      await vault.create({ kind: 'passphrase', passphrase: PASSPHRASE });
      const json = await readVaultJson(filePath);
      if (json.protection.kind !== 'passphrase') throw new Error('expected passphrase');
      Object.assign(json.protection.kdf, kdf);
      await writeFile(filePath, JSON.stringify(json));

      const reopened = openVault(filePath);
      const status = await reopened.load();
      expect(status.state).toBe('corrupt');
      expect(status.problem).toMatch(/damaged/);
      await expectAppError(reopened.unlock(PASSPHRASE), 'VAULT_CORRUPT');
    },
  );
});
