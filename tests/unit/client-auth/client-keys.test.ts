import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { curlCommand } from '../../../main/core/accounts/curl-command.ts';
import {
  generateKeyPair,
  importKeyPair,
  jwksText,
} from '../../../main/core/client-auth/client-keys.ts';
import { AppError } from '../../../main/core/errors.ts';

const pem = (type: 'rsa' | 'ec' | 'ed25519', options: object = {}) =>
  generateKeyPairSync(type as 'rsa', options as { modulusLength: number })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

describe('client key pairs', () => {
  it('generates a P-256 pair whose public JWK carries kid and alg and no private part', async () => {
    const pair = await generateKeyPair();
    expect(pair.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(pair.publicJwk).not.toHaveProperty('d');
    expect(pair.privateJwk.d).toBeTruthy();
    expect(pair.publicJwk.kid).toBe(pair.privateJwk.kid);
    expect(JSON.parse(jwksText(pair.publicJwk))).toEqual({ keys: [pair.publicJwk] });
  });

  it.each([
    ['RSA 2048', pem('rsa', { modulusLength: 2048 }), 'RS256'],
    ['P-256', pem('ec', { namedCurve: 'P-256' }), 'ES256'],
    ['P-384', pem('ec', { namedCurve: 'P-384' }), 'ES384'],
    ['Ed25519', pem('ed25519'), 'EdDSA'],
  ])('imports a %s PEM key', async (_name, text, alg) => {
    expect((await importKeyPair(text)).publicJwk.alg).toBe(alg);
  });

  it('imports a private JWK', async () => {
    const pair = await generateKeyPair();
    const again = await importKeyPair(JSON.stringify(pair.privateJwk));
    expect(again.publicJwk.kid).toBe(pair.publicJwk.kid);
  });

  it.each([
    ['garbage', 'not a key'],
    ['a short RSA key', pem('rsa', { modulusLength: 1024 })],
    ['an unsupported curve', pem('ec', { namedCurve: 'secp256k1' })],
  ])('refuses %s with a clear message', async (_name, text) => {
    const error = await importKeyPair(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
  });
});

describe('curlCommand', () => {
  it('a bearer token, GET', () => {
    expect(curlCommand({ method: 'get', url: 'https://api.example/x', accessToken: 'at' })).toBe(
      "curl -H 'Authorization: Bearer at' 'https://api.example/x'",
    );
  });

  it('a DPoP-bound token with its proof, and quotes that survive the shell', () => {
    expect(
      curlCommand({
        method: 'POST',
        url: "https://api.example/it's",
        accessToken: 'at',
        dpopProof: 'a.b.c',
      }),
    ).toBe(
      "curl -X POST -H 'Authorization: DPoP at' -H 'DPoP: a.b.c' 'https://api.example/it'\\''s'",
    );
  });
});
