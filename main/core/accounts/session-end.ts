import type { StoredTokens, TokenGrant } from '../model.ts';
import { decodeJwtUnverified } from '../token-claims.ts';

/**
 * When a new sign-in will be needed, as far as the provider says: `refresh_expires_in` in the
 * token response (Keycloak; 0 means an offline token without end), else an `exp` in a JWT
 * refresh token, else what was known for the same refresh token before. Null when nothing
 * says: the app never guesses.
 */
export function sessionEnd(
  grant: Pick<TokenGrant, 'tokens' | 'refreshExpiresAt'>,
  previous?: { tokens: StoredTokens; signInNeededBy: number | null },
): number | null {
  const refreshToken = grant.tokens.refreshToken;
  if (!refreshToken) return null;
  if (grant.refreshExpiresAt !== undefined) return grant.refreshExpiresAt;
  const exp = decodeJwtUnverified(refreshToken)?.claims['exp'];
  if (typeof exp === 'number' && Number.isFinite(exp) && exp > 0) return exp * 1000;
  if (previous && previous.tokens.refreshToken === refreshToken) return previous.signInNeededBy;
  return null;
}

/**
 * Reads `refresh_expires_in` from a token response: an absolute time, null for 0 (no end), or
 * undefined when the response does not say (or says something unusable).
 */
export function refreshExpiryFromResponse(
  response: Record<string, unknown>,
  receivedAt: number,
): number | null | undefined {
  const value = response['refresh_expires_in'];
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return undefined;
  // More than ten years is not a lifetime anyone plans around: treat as unknown.
  if (seconds > 10 * 365 * 24 * 3600) return undefined;
  return seconds === 0 ? null : receivedAt + seconds * 1000;
}
