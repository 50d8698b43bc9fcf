import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  type webcrypto,
} from 'node:crypto';
import type { JWK } from 'jose';
import { AppError } from '../errors.ts';
import { loadJoseKeys } from '../lazy-jose.ts';

/** A key pair kept for a provider (private_key_jwt) or an account (DPoP), as JWKs. */
export interface StoredKeyPair {
  /** Secret: only in the vault. */
  privateJwk: JWK;
  /** Public, with `kid` (its RFC 7638 thumbprint) and `alg`. */
  publicJwk: JWK;
}

/** A new P-256 key pair for ES256 signatures. */
export async function generateKeyPair(): Promise<StoredKeyPair> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return fromPrivateKey(privateKey);
}

/**
 * Imports a private key the user pasted: PEM (PKCS#8, or SEC1/PKCS#1 "EC"/"RSA PRIVATE KEY")
 * or a private JWK as JSON. RSA (RS256), P-256/P-384 (ES256/ES384) and Ed25519 (EdDSA).
 */
export async function importKeyPair(text: string): Promise<StoredKeyPair> {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    key = trimmed.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(trimmed) as JWK & { kty: string }, format: 'jwk' })
      : createPrivateKey(trimmed);
  } catch {
    throw new AppError(
      'INVALID_INPUT',
      'That is not a private key: paste a PEM private key (-----BEGIN PRIVATE KEY-----) or a private JWK.',
    );
  }
  return fromPrivateKey(key);
}

async function fromPrivateKey(key: KeyObject): Promise<StoredKeyPair> {
  const alg = algorithmOf(key);
  const privateJwk = key.export({ format: 'jwk' }) as JWK;
  const bare = createPublicKey(key).export({ format: 'jwk' }) as JWK;
  const kid = await (await loadJoseKeys()).calculateJwkThumbprint(bare);
  return {
    privateJwk: { ...privateJwk, kid, alg },
    publicJwk: { ...bare, kid, alg, use: 'sig' },
  };
}

function algorithmOf(key: KeyObject): string {
  const details = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case 'rsa':
      if ((details?.modulusLength ?? 0) < 2048)
        throw new AppError('INVALID_INPUT', 'RSA keys must have at least 2048 bits.');
      return 'RS256';
    case 'ec':
      if (details?.namedCurve === 'prime256v1') return 'ES256';
      if (details?.namedCurve === 'secp384r1') return 'ES384';
      break;
    case 'ed25519':
      return 'EdDSA';
  }
  throw new AppError(
    'INVALID_INPUT',
    'Use an RSA (2048 bits or more), P-256, P-384 or Ed25519 private key.',
  );
}

/** The private key as a CryptoKey for signing (openid-client's PrivateKeyJwt, DPoP proofs). */
export async function signingKey(pair: StoredKeyPair): Promise<webcrypto.CryptoKey> {
  const { importJWK } = await loadJoseKeys();
  return (await importJWK(pair.privateJwk, String(pair.privateJwk.alg))) as webcrypto.CryptoKey;
}

/** The public key as a CryptoKey (DPoP handles need the pair). */
export async function verificationKey(pair: StoredKeyPair): Promise<webcrypto.CryptoKey> {
  const { importJWK } = await loadJoseKeys();
  return (await importJWK(pair.publicJwk, String(pair.publicJwk.alg))) as webcrypto.CryptoKey;
}

/** The JWKS to register at the provider, as pretty JSON. */
export function jwksText(publicJwk: JWK): string {
  return JSON.stringify({ keys: [publicJwk] }, null, 2);
}
