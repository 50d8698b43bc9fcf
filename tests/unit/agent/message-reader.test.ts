import { describe, expect, it } from 'vitest';
import { readFirstMessage, readSealedMessage } from '../../../main/core/agent/message-reader.ts';

describe('readFirstMessage', () => {
  it.each([
    ['', { kind: 'incomplete' }],
    ['{"request":"access_', { kind: 'incomplete' }],
    ['{"a":"}"', { kind: 'incomplete' }],
    ['{"request":"loaded_accounts"}', { kind: 'json', value: { request: 'loaded_accounts' } }],
    ['  {"a":1}\n', { kind: 'json', value: { a: 1 } }],
    ['rXVulaNfjoWnDEaW8p6i5afRWuw7', { kind: 'incomplete' }],
    [
      'rXVulaNfjoWnDEaW8p6i5afRWuw7wyPY/ZbhENEAclA=',
      { kind: 'public-key', key: 'rXVulaNfjoWnDEaW8p6i5afRWuw7wyPY/ZbhENEAclA=' },
    ],
    [
      'rXVulaNfjoWnDEaW8p6i5afRWuw7wyPY/ZbhENEAclA=x',
      { kind: 'invalid', reason: 'malformed public key' },
    ],
    ['GET / HTTP/1.1', { kind: 'invalid', reason: 'not JSON' }],
    ['\u0000\u00ff', { kind: 'invalid', reason: 'not JSON' }],
  ])('%j → %j', (input, expected) => {
    expect(readFirstMessage(input)).toEqual(expected);
  });
});

describe('readSealedMessage', () => {
  // 98 bytes of plaintext: 114 sealed bytes, 152 base64 characters.
  const sealed = `98:cjxDO8W2HxBinZLF0GdGBZZqGr9zByT3:${'A'.repeat(152)}`;
  it('waits for the whole message its length announces', () => {
    expect(readSealedMessage('9')).toEqual({ kind: 'incomplete' });
    expect(readSealedMessage(sealed.slice(0, 100))).toEqual({ kind: 'incomplete' });
    expect(readSealedMessage(sealed)).toEqual({ kind: 'sealed', text: sealed });
  });
  it('rejects more than announced and foreign characters at once', () => {
    expect(readSealedMessage(`${sealed}AAAA`).kind).toBe('invalid');
    expect(readSealedMessage('98:{"request"').kind).toBe('invalid');
    expect(readSealedMessage('hello').kind).toBe('invalid');
  });
});
