/**
 * Finds where a request ends on the agent's stream socket. oidc-agent's clients send one
 * message per write and wait for the answer, so a message is complete when it parses:
 *
 * - plain JSON (Python and Go libraries, `token-desk`): one JSON object, optionally followed
 *   by a newline;
 * - the encrypted exchange: first a 44-character base64 public key, then
 *   `<length>:<nonce>:<box>` whose total size follows from `<length>`.
 *
 * Anything else, or more than `maxBytes`, is rejected without waiting for more.
 */

export type FirstMessage =
  | { kind: 'incomplete' }
  | { kind: 'json'; value: unknown }
  | { kind: 'public-key'; key: string }
  | { kind: 'invalid'; reason: string };

export type SealedMessage =
  { kind: 'incomplete' } | { kind: 'sealed'; text: string } | { kind: 'invalid'; reason: string };

const PUBLIC_KEY_LENGTH = 44;
const BASE64_CHARS = /^[A-Za-z0-9+/=]*$/;
const NONCE_B64_LENGTH = 32;
const MAC_BYTES = 16;

export function readFirstMessage(buffer: string): FirstMessage {
  const text = buffer.trimStart();
  if (!text) return { kind: 'incomplete' };
  if (text.startsWith('{')) {
    const end = text.trimEnd();
    if (!end.endsWith('}')) return { kind: 'incomplete' };
    try {
      return { kind: 'json', value: JSON.parse(end) as unknown };
    } catch {
      // A `}` inside a string, or more to come: wait, bounded by the size limit and timeout.
      return { kind: 'incomplete' };
    }
  }
  const key = text.replace(/\0+$/, '').trimEnd();
  if (!BASE64_CHARS.test(key)) return { kind: 'invalid', reason: 'not JSON' };
  if (key.length < PUBLIC_KEY_LENGTH) return { kind: 'incomplete' };
  if (key.length > PUBLIC_KEY_LENGTH) return { kind: 'invalid', reason: 'malformed public key' };
  return { kind: 'public-key', key };
}

export function readSealedMessage(buffer: string): SealedMessage {
  const text = buffer.replace(/\0+$/, '').trimEnd();
  const head = /^(\d{1,7}):/.exec(text);
  if (!head) {
    return /^\d{0,7}$/.test(text)
      ? { kind: 'incomplete' }
      : { kind: 'invalid', reason: 'malformed encrypted message' };
  }
  const plainLength = Number(head[1]);
  const expected =
    head[0].length + NONCE_B64_LENGTH + 1 + 4 * Math.ceil((plainLength + MAC_BYTES) / 3);
  if (!/^[A-Za-z0-9+/=:]*$/.test(text.slice(head[0].length))) {
    return { kind: 'invalid', reason: 'malformed encrypted message' };
  }
  if (text.length < expected) return { kind: 'incomplete' };
  if (text.length > expected) return { kind: 'invalid', reason: 'malformed encrypted message' };
  return { kind: 'sealed', text };
}
