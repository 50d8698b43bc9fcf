import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { AppError } from '../../../main/core/errors.ts';
import { TokenVault, type TokenVaultOptions } from '../../../main/core/vault/token-vault.ts';
import { TEST_SCRYPT } from '../../support/core-harness.ts';
import { TestKeychain } from '../../support/test-keychain.ts';
import { registerSecret } from '../../support/leak-detector.ts';

export { TEST_SCRYPT };
export const PASSPHRASE = 'correct horse battery staple';
registerSecret(PASSPHRASE, 'passphrase');

/** A fresh temporary folder for one test's vault; remove it with {@link removeTempDir}. */
export function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'token-desk-vault-'));
}

export function removeTempDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/**
 * Gives every test of the calling file a fresh temporary folder, removed after the test, and
 * the path of a `vault.json` in it (not created). Read the fields inside tests and hooks.
 */
export function useTempVaultFolder(): Readonly<{ dir: string; vaultFile: string }> {
  const folder = { dir: '', vaultFile: '' };
  beforeEach(async () => {
    folder.dir = await makeTempDir();
    folder.vaultFile = join(folder.dir, 'vault.json');
  });
  afterEach(async () => {
    await removeTempDir(folder.dir);
  });
  return folder;
}

/** A vault as the app builds it, with cheap scrypt parameters. */
export function openVault(
  filePath: string,
  options: Omit<TokenVaultOptions, 'filePath'> = {},
): TokenVault {
  return new TokenVault({ filePath, scrypt: TEST_SCRYPT, ...options });
}

/** A new vault protected by the (test) OS keychain, unlocked, as after first-run setup. */
export async function createKeychainVault(
  filePath: string,
  keychain: TestKeychain = new TestKeychain(),
): Promise<TokenVault> {
  const vault = openVault(filePath, { keychain });
  await vault.load();
  await vault.create({ kind: 'os-keychain' });
  return vault;
}

/** A new vault protected by a passphrase, unlocked, as after first-run setup. */
export async function createPassphraseVault(
  filePath: string,
  passphrase = PASSPHRASE,
): Promise<TokenVault> {
  const vault = openVault(filePath);
  await vault.load();
  await vault.create({ kind: 'passphrase', passphrase });
  return vault;
}

/** The raw vault file as JSON, to tamper with it like someone editing the file would. */
export async function readVaultJson(filePath: string): Promise<VaultJson> {
  return JSON.parse(await readFile(filePath, 'utf8')) as VaultJson;
}

export async function writeVaultJson(filePath: string, json: unknown): Promise<void> {
  await writeFile(filePath, `${JSON.stringify(json, null, 2)}\n`);
}

export interface VaultJson {
  format: string;
  version: number;
  protection:
    | { kind: 'os-keychain'; wrappedKey: string }
    | {
        kind: 'passphrase';
        kdf: { name: 'scrypt'; salt: string; N: number; r: number; p: number };
        wrappedKey: { iv: string; ct: string; tag: string };
      };
  generation: number;
  records: Record<
    string,
    {
      iv: string;
      ct: string;
      tag: string;
      binding?: { issuer: string | null; tokenEndpoint: string | null; origins: string[] };
    }
  >;
  mac: string;
}

/** Flips one bit of one byte of a base64 field; the result is still valid base64. */
export function flipBase64Byte(value: string, index = 0): string {
  const bytes = Buffer.from(value, 'base64');
  const at = Math.min(index, bytes.length - 1);
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

/** The bytes and modification time of a file, to prove an operation did not touch it. */
export async function snapshot(filePath: string): Promise<{ bytes: Buffer; mtimeMs: number }> {
  const [bytes, info] = await Promise.all([readFile(filePath), stat(filePath)]);
  return { bytes, mtimeMs: info.mtimeMs };
}

/** Asserts that `promise` (or `fn`) fails with an {@link AppError} of this code. */
export async function expectAppError(
  promiseOrFn: Promise<unknown> | (() => unknown),
  code: AppError['code'],
): Promise<AppError> {
  let thrown: unknown;
  try {
    if (typeof promiseOrFn === 'function') await promiseOrFn();
    else await promiseOrFn;
  } catch (err) {
    thrown = err;
  }
  expect(thrown, `expected an AppError ${code}`).toBeInstanceOf(AppError);
  expect((thrown as AppError).code).toBe(code);
  return thrown as AppError;
}
