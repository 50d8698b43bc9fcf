import { describe, expect, it } from 'vitest';
import { DATA_KEY_BYTES, generateDataKey, open, seal } from '../../../main/core/vault/envelope.ts';
import { flipBase64Byte } from './vault-files.ts';

describe('envelope (AES-256-GCM)', () => {
  const key = generateDataKey();
  const plaintext = Buffer.from('{"refreshToken":"rt-123"}');

  it('opens what it sealed with the same key and associated data', () => {
    const box = seal(key, plaintext, 'record:a');
    expect(open(key, box, 'record:a')).toEqual(plaintext);
  });

  it('uses a fresh 12-byte IV each time, so equal records do not look equal on disk', () => {
    const one = seal(key, plaintext, 'record:a');
    const two = seal(key, plaintext, 'record:a');
    expect(Buffer.from(one.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(one.tag, 'base64')).toHaveLength(16);
    expect(one.iv).not.toBe(two.iv);
    expect(one.ct).not.toBe(two.ct);
  });

  it('refuses another key, other associated data and any changed field', () => {
    const box = seal(key, plaintext, 'record:a');
    expect(open(generateDataKey(), box, 'record:a')).toBeUndefined();
    expect(open(key, box, 'record:b')).toBeUndefined();
    expect(open(key, { ...box, ct: flipBase64Byte(box.ct, 4) }, 'record:a')).toBeUndefined();
    expect(open(key, { ...box, tag: flipBase64Byte(box.tag, 15) }, 'record:a')).toBeUndefined();
    expect(open(key, { ...box, iv: flipBase64Byte(box.iv, 11) }, 'record:a')).toBeUndefined();
    expect(open(key, { ...box, tag: '' }, 'record:a')).toBeUndefined();
  });

  it('generates 256-bit keys that differ', () => {
    expect(generateDataKey()).toHaveLength(DATA_KEY_BYTES);
    expect(generateDataKey().equals(generateDataKey())).toBe(false);
  });
});
