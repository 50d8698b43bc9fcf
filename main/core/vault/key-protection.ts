import { randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { DATA_KEY_BYTES, open, seal, type SealedBox } from './envelope.ts';

/**
 * The operating system's secret store as the vault needs it. In Electron this is
 * `safeStorage` (Keychain, DPAPI, libsecret/kwallet); see `main/shell/safe-storage.ts`.
 */
export interface OsKeychain {
  /** False when no real keyring backs it (Linux `basic_text`), so a passphrase is required. */
  isAvailable(): Promise<boolean>;
  encrypt(plainText: string): Promise<Buffer>;
  decrypt(encrypted: Buffer): Promise<{ plainText: string; shouldReEncrypt: boolean }>;
}

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt recommendation (N=2^17, r=8, p=1): about 128 MiB and a few hundred ms. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

export type KeyProtection =
  | { kind: 'os-keychain'; wrappedKey: string }
  | {
      kind: 'passphrase';
      kdf: { name: 'scrypt'; salt: string } & ScryptParams;
      wrappedKey: SealedBox;
    };

const DATA_KEY_AAD = 'token-desk-vault:v1:data-key';
export const MIN_PASSPHRASE_LENGTH = 8;

function scrypt(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    ...params,
    maxmem: 256 * params.N * params.r + 32 * 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scryptCallback(passphrase.normalize('NFC'), salt, DATA_KEY_BYTES, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Wraps the data key with a key derived from the passphrase (scrypt, fresh salt). */
export async function protectWithPassphrase(
  dataKey: Buffer,
  passphrase: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<KeyProtection> {
  const salt = randomBytes(16);
  const kek = await scrypt(passphrase, salt, params);
  return {
    kind: 'passphrase',
    kdf: { name: 'scrypt', salt: salt.toString('base64'), ...params },
    wrappedKey: seal(kek, dataKey, DATA_KEY_AAD),
  };
}

/** Returns the data key, or `undefined` when the passphrase is wrong. */
export async function unwrapWithPassphrase(
  protection: Extract<KeyProtection, { kind: 'passphrase' }>,
  passphrase: string,
): Promise<Buffer | undefined> {
  const { salt, N, r, p } = protection.kdf;
  const kek = await scrypt(passphrase, Buffer.from(salt, 'base64'), { N, r, p });
  const key = open(kek, protection.wrappedKey, DATA_KEY_AAD);
  return key?.length === DATA_KEY_BYTES ? key : undefined;
}

export async function protectWithKeychain(
  dataKey: Buffer,
  keychain: OsKeychain,
): Promise<KeyProtection> {
  const encrypted = await keychain.encrypt(dataKey.toString('base64'));
  return { kind: 'os-keychain', wrappedKey: encrypted.toString('base64') };
}

/** Returns the data key and whether the keychain asks for it to be wrapped again. */
export async function unwrapWithKeychain(
  protection: Extract<KeyProtection, { kind: 'os-keychain' }>,
  keychain: OsKeychain,
): Promise<{ dataKey: Buffer; shouldReEncrypt: boolean } | undefined> {
  try {
    const { plainText, shouldReEncrypt } = await keychain.decrypt(
      Buffer.from(protection.wrappedKey, 'base64'),
    );
    const dataKey = Buffer.from(plainText, 'base64');
    return dataKey.length === DATA_KEY_BYTES ? { dataKey, shouldReEncrypt } : undefined;
  } catch {
    return undefined;
  }
}
