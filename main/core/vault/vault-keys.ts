import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { DATA_KEY_BYTES } from './envelope.ts';

/**
 * The keys one data key yields (HKDF-SHA256, RFC 5869): one seals records, one authenticates
 * the whole file. Separate keys so that no ciphertext can ever pass for a MAC or the reverse.
 */
export interface VaultKeys {
  dataKey: Buffer;
  recordKey: Buffer;
  macKey: Buffer;
}

function derive(dataKey: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, DATA_KEY_BYTES));
}

/** Derives the record and MAC keys of a data key (which is copied, not kept). */
export function deriveVaultKeys(dataKey: Buffer): VaultKeys {
  return {
    dataKey: Buffer.from(dataKey),
    recordKey: derive(dataKey, 'token-desk-vault:v2:records'),
    macKey: derive(dataKey, 'token-desk-vault:v2:file-mac'),
  };
}

/** Overwrites the keys in memory. */
export function wipeVaultKeys(keys: VaultKeys): void {
  keys.dataKey.fill(0);
  keys.recordKey.fill(0);
  keys.macKey.fill(0);
}

/** HMAC of `content`; given in parts, the parts are hashed in order as one text. */
export function computeMac(keys: VaultKeys, content: string | Iterable<string>): string {
  const hmac = createHmac('sha256', keys.macKey);
  for (const part of typeof content === 'string' ? [content] : content) hmac.update(part, 'utf8');
  return hmac.digest('base64');
}

/** Constant-time comparison of a stored MAC with the one the content should have. */
export function macMatches(
  keys: VaultKeys,
  content: string | Iterable<string>,
  mac: string,
): boolean {
  const expected = Buffer.from(computeMac(keys, content), 'base64');
  const actual = Buffer.from(mac, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether two data keys are the same key, without leaking where they differ. */
export function sameDataKey(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
