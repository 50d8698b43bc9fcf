import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One AES-256-GCM ciphertext as stored on disk (all fields base64). */
export interface SealedBox {
  iv: string;
  ct: string;
  tag: string;
}

export const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function generateDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

/**
 * Encrypts `plaintext` with AES-256-GCM. `associatedData` binds the ciphertext to its place
 * (a record id), so a record copied under another id fails to open.
 */
export function seal(key: Buffer, plaintext: Buffer, associatedData: string): SealedBox {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Decrypts a {@link SealedBox}; returns `undefined` when the key, data or associated data do not match. */
export function open(key: Buffer, box: SealedBox, associatedData: string): Buffer | undefined {
  try {
    const tag = Buffer.from(box.tag, 'base64');
    const iv = Buffer.from(box.iv, 'base64');
    if (tag.length !== TAG_BYTES || iv.length !== IV_BYTES) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(box.ct, 'base64')), decipher.final()]);
  } catch {
    return undefined;
  }
}
