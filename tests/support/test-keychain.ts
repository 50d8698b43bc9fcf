import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { OsKeychain } from '../../main/core/vault/key-protection.ts';

/**
 * Stands in for Electron's `safeStorage`, which cannot run outside Electron: encrypts with a
 * key held in memory, like the OS keyring holds its key. `available: false` behaves like
 * Linux's `basic_text` backend.
 */
export class TestKeychain implements OsKeychain {
  private readonly key = randomBytes(32);
  available: boolean;
  shouldReEncrypt = false;
  decryptCalls = 0;

  constructor(available = true) {
    this.available = available;
  }

  async isAvailable(): Promise<boolean> {
    return this.available;
  }

  async encrypt(plainText: string): Promise<Buffer> {
    if (!this.available) throw new Error('keychain unavailable');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ct]);
  }

  async decrypt(encrypted: Buffer): Promise<{ plainText: string; shouldReEncrypt: boolean }> {
    this.decryptCalls++;
    if (!this.available) throw new Error('keychain unavailable');
    const decipher = createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    const plainText = Buffer.concat([
      decipher.update(encrypted.subarray(28)),
      decipher.final(),
    ]).toString('utf8');
    return { plainText, shouldReEncrypt: this.shouldReEncrypt };
  }
}
