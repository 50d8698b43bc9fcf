// jose by subpath: its main entry loads every module it has (hundreds of files at start-up).
import { decodeProtectedHeader } from 'jose/decode/protected_header';
import { decodeJwt } from 'jose/jwt/decode';
import type { Claim } from '../../contract/domain.ts';

/** Registered claims whose value is a NumericDate (seconds since the epoch). */
const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time', 'updated_at', 'rat']);

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** Decodes a JWT without verifying it (display only); `undefined` when it is not a JWT. */
export function decodeJwtUnverified(token: string): DecodedJwt | undefined {
  if (token.split('.').length !== 3) return undefined;
  try {
    return { header: { ...decodeProtectedHeader(token) }, claims: { ...decodeJwt(token) } };
  } catch {
    return undefined;
  }
}

/** Turns a claims object into display rows; time claims also carry their instant in ms. */
export function toClaimList(claims: Record<string, unknown>): Claim[] {
  return Object.entries(claims).map(([name, value]) => {
    const claim: Claim = { name, value };
    if (TIME_CLAIMS.has(name) && typeof value === 'number' && Number.isFinite(value)) {
      claim.time = value * 1000;
    }
    return claim;
  });
}

/** A name for people from identity claims (email, user name, name, nickname), if any. */
export function personalNameFromClaims(
  claims: Record<string, unknown> | undefined,
): string | undefined {
  if (!claims) return undefined;
  for (const key of ['email', 'preferred_username', 'name', 'nickname']) {
    const value = claims[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

/** The friendliest name a set of identity claims offers for an account, `sub` at worst. */
export function labelFromClaims(claims: Record<string, unknown> | undefined): string | undefined {
  const sub = claims?.['sub'];
  return (
    personalNameFromClaims(claims) ??
    (typeof sub === 'string' && sub.trim() ? sub.trim() : undefined)
  );
}

/** Expiry (epoch ms) from a JWT access token's `exp`, for providers that omit `expires_in`. */
export function expiryFromJwt(token: string): number | null {
  const exp = decodeJwtUnverified(token)?.claims['exp'];
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
}
