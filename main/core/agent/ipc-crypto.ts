import type Sodium from 'libsodium-wrappers';

/**
 * The encrypted exchange oidc-agent's own clients (`oidc-token` 4.x, liboidc-agent) start with,
 * done with libsodium (never hand-written crypto):
 *
 * 1. the client sends its X25519 public key, base64 (original alphabet, 44 characters);
 * 2. the agent answers with its own public key, fresh for this connection;
 * 3. both derive one shared key with `crypto_box_beforenm` (X25519 + HSalsa20);
 * 4. each message is `<plaintext length>:<nonce base64>:<secretbox base64>`, sealed with
 *    `crypto_secretbox_easy` (XSalsa20-Poly1305) under that key and a random 24-byte nonce.
 *
 * Checked against the real `oidc-token` binary (see docs/oidc-agent-protocol.md).
 */

const B64 = () => sodium.base64_variants.ORIGINAL;
/** base64 of 32 bytes: 43 characters and one `=`. */
const PUBLIC_KEY_PATTERN = /^[A-Za-z0-9+/]{43}=$/;
const ENCRYPTED_PATTERN = /^(\d{1,7}):([A-Za-z0-9+/]{32}):([A-Za-z0-9+/]+={0,2})$/;

let sodium: typeof Sodium;
let ready: Promise<void> | undefined;

/**
 * Loads libsodium and its WebAssembly once, when the scripts' socket first starts (start-up
 * without it enabled never loads it); every other function here needs it first.
 */
export function loadSodium(): Promise<void> {
  ready ??= import('libsodium-wrappers').then(async ({ default: loaded }) => {
    await loaded.ready;
    sodium = loaded;
  });
  return ready;
}

export function isPublicKeyMessage(text: string): boolean {
  return PUBLIC_KEY_PATTERN.test(text);
}

export interface CryptSession {
  /** Our public key, base64, to send back to the client. */
  publicKey: string;
  decrypt(message: string): string | null;
  encrypt(plaintext: string): string;
}

/**
 * Starts the agent's side of the exchange for a client's public key (step 2–3); the secret
 * key exists only inside this function. Returns null for a key libsodium rejects.
 */
export function acceptClientKey(clientPublicKey: string): CryptSession | null {
  if (!isPublicKeyMessage(clientPublicKey)) return null;
  const clientKey = sodium.from_base64(clientPublicKey, B64());
  const own = sodium.crypto_box_keypair();
  let shared: Uint8Array;
  try {
    shared = sodium.crypto_box_beforenm(clientKey, own.privateKey);
  } catch {
    return null;
  } finally {
    sodium.memzero(own.privateKey);
  }
  return {
    publicKey: sodium.to_base64(own.publicKey, B64()),
    decrypt: (message) => openMessage(message, shared),
    encrypt: (plaintext) => sealMessage(plaintext, shared),
  };
}

/** `<length>:<nonce>:<box>` as oidc-agent writes it. */
export function sealMessage(plaintext: string, key: Uint8Array): string {
  const nonce = sodium.randombytes_buf(sodium.crypto_secretbox_NONCEBYTES);
  const box = sodium.crypto_secretbox_easy(plaintext, nonce, key);
  return `${Buffer.byteLength(plaintext, 'utf8')}:${sodium.to_base64(nonce, B64())}:${sodium.to_base64(box, B64())}`;
}

/** Opens a sealed message; null when it is malformed, forged or its length is wrong. */
export function openMessage(message: string, key: Uint8Array): string | null {
  const match = ENCRYPTED_PATTERN.exec(message);
  if (!match) return null;
  try {
    const nonce = sodium.from_base64(match[2]!, B64());
    const box = sodium.from_base64(match[3]!, B64());
    if (box.length !== Number(match[1]) + sodium.crypto_secretbox_MACBYTES) return null;
    return sodium.to_string(sodium.crypto_secretbox_open_easy(box, nonce, key));
  } catch {
    return null;
  }
}

/**
 * The client's side (what `oidc-token` does), for tests and the benchmark: a key pair and,
 * given the agent's public key, a session to seal requests and open responses.
 */
export function createClientKeys(): {
  publicKey: string;
  connect(agentPublicKey: string): {
    encrypt(text: string): string;
    decrypt(text: string): string | null;
  };
} {
  const own = sodium.crypto_box_keypair();
  return {
    publicKey: sodium.to_base64(own.publicKey, B64()),
    connect(agentPublicKey) {
      const shared = sodium.crypto_box_beforenm(
        sodium.from_base64(agentPublicKey, B64()),
        own.privateKey,
      );
      return {
        encrypt: (text) => sealMessage(text, shared),
        decrypt: (text) => openMessage(text, shared),
      };
    },
  };
}
