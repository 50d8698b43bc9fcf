import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  decodeJwtUnverified,
  expiryFromJwt,
  labelFromClaims,
  toClaimList,
} from '../../main/core/token-claims.ts';

const { privateKey } = await generateKeyPair('ES256');

async function signedJwt(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'key-1' }).sign(privateKey);
}

describe('decodeJwtUnverified', () => {
  it('decodes header and claims of a signed JWT without needing the key', async () => {
    const token = await signedJwt({ sub: 'ana', aud: 'token-desk', exp: 1_900_000_000 });
    expect(decodeJwtUnverified(token)).toEqual({
      header: { alg: 'ES256', kid: 'key-1' },
      claims: { sub: 'ana', aud: 'token-desk', exp: 1_900_000_000 },
    });
  });

  it('decodes an unsecured JWT too (display only)', () => {
    const token = new UnsecuredJWT({ sub: 'bob' }).encode();
    expect(decodeJwtUnverified(token)?.claims).toEqual({ sub: 'bob' });
  });

  it.each([
    ['an opaque access token', 'ya29.a0AfH6SMBx-opaque-token'],
    ['an opaque token with dots that is not base64url JSON', 'abc.def.ghi'],
    ['an empty string', ''],
    ['a JWE (five parts)', 'eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d'],
    [
      'a JWT whose payload is not JSON',
      `eyJhbGciOiJub25lIn0.${Buffer.from('not json').toString('base64url')}.`,
    ],
  ])('returns undefined for %s', (_name, token) => {
    expect(decodeJwtUnverified(token)).toBeUndefined();
  });
});

describe('toClaimList', () => {
  it('keeps every claim in order and gives time claims their instant in ms', () => {
    const claims = {
      iss: 'https://idp.example.test',
      sub: 'ana',
      exp: 1_700_000_600,
      iat: 1_700_000_000,
      nbf: 1_699_999_990,
      auth_time: 1_699_999_000,
      updated_at: 1_600_000_000,
      amr: ['pwd', 'otp'],
      custom_time: 1_700_000_000,
    };
    expect(toClaimList(claims)).toEqual([
      { name: 'iss', value: 'https://idp.example.test' },
      { name: 'sub', value: 'ana' },
      { name: 'exp', value: 1_700_000_600, time: 1_700_000_600_000 },
      { name: 'iat', value: 1_700_000_000, time: 1_700_000_000_000 },
      { name: 'nbf', value: 1_699_999_990, time: 1_699_999_990_000 },
      { name: 'auth_time', value: 1_699_999_000, time: 1_699_999_000_000 },
      { name: 'updated_at', value: 1_600_000_000, time: 1_600_000_000_000 },
      { name: 'amr', value: ['pwd', 'otp'] },
      { name: 'custom_time', value: 1_700_000_000 },
    ]);
  });

  it('does not invent a time for a time claim that is not a number', () => {
    expect(toClaimList({ exp: '1700000000', iat: null })).toEqual([
      { name: 'exp', value: '1700000000' },
      { name: 'iat', value: null },
    ]);
  });
});

describe('labelFromClaims', () => {
  const all = {
    sub: '248289761001',
    name: 'Ana Lima',
    nickname: 'ana',
    preferred_username: 'ana.lima',
    email: 'ana@example.test',
  };

  it.each([
    ['email first', all, 'ana@example.test'],
    ['then preferred_username', { ...all, email: undefined }, 'ana.lima'],
    ['then name', { ...all, email: '', preferred_username: undefined }, 'Ana Lima'],
    ['then nickname', { sub: 'x', nickname: 'ana' }, 'ana'],
    ['then sub', { sub: '248289761001', email: '   ' }, '248289761001'],
    ['trimmed', { email: '  ana@example.test \n' }, 'ana@example.test'],
    ['ignoring non-strings', { email: 42, name: ['Ana'], sub: 'ana' }, 'ana'],
  ])('%s', (_name, claims, label) => {
    expect(labelFromClaims(claims as Record<string, unknown>)).toBe(label);
  });

  it('is undefined when there is nothing to name the account by', () => {
    expect(labelFromClaims(undefined)).toBeUndefined();
    expect(labelFromClaims({})).toBeUndefined();
    expect(labelFromClaims({ aud: 'x', email: '' })).toBeUndefined();
  });
});

describe('expiryFromJwt', () => {
  it('reads exp of a JWT access token as epoch ms', async () => {
    expect(expiryFromJwt(await signedJwt({ exp: 1_900_000_000 }))).toBe(1_900_000_000_000);
  });

  it('is null for an opaque token or a JWT without a numeric exp', async () => {
    expect(expiryFromJwt('opaque-token')).toBeNull();
    expect(expiryFromJwt(await signedJwt({ sub: 'ana' }))).toBeNull();
  });
});
