/** No token is issued for longer than this; a later expiry is a provider bug or a "never". */
export const MAX_TOKEN_LIFETIME_MS = 100 * 365 * 24 * 3600_000;

/**
 * The expiry to store for a grant: the provider's absolute expiry when it is a time a token
 * can have, or null ("not known") for what cannot be one: not a finite number, before 1970,
 * or more than {@link MAX_TOKEN_LIFETIME_MS} ahead (`expires_in: 1e300`, the year 275760).
 * Every grant passes here before it is stored, whichever provider and flow produced it, so
 * the UI, the tray and the scheduler only ever see dates they can show and plan with.
 */
export function plausibleExpiry(expiresAt: number | null, now: number): number | null {
  if (expiresAt === null || !Number.isFinite(expiresAt) || expiresAt < 0) return null;
  return expiresAt - now > MAX_TOKEN_LIFETIME_MS ? null : expiresAt;
}
