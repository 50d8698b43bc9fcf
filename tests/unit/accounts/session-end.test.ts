import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { refreshExpiryFromResponse, sessionEnd } from '../../../main/core/accounts/session-end.ts';

const NOW = 1_800_000_000_000;
const tokens = (refreshToken?: string) => ({
  accessToken: 'access',
  tokenType: 'Bearer',
  ...(refreshToken ? { refreshToken } : {}),
});

describe('refreshExpiryFromResponse (Keycloak refresh_expires_in)', () => {
  it('turns seconds into an absolute time, 0 into "no end", anything else into "not said"', () => {
    expect(refreshExpiryFromResponse({ refresh_expires_in: 1800 }, NOW)).toBe(NOW + 1_800_000);
    expect(refreshExpiryFromResponse({ refresh_expires_in: '600' }, NOW)).toBe(NOW + 600_000);
    expect(refreshExpiryFromResponse({ refresh_expires_in: 0 }, NOW)).toBeNull();
    expect(refreshExpiryFromResponse({}, NOW)).toBeUndefined();
    expect(refreshExpiryFromResponse({ refresh_expires_in: -5 }, NOW)).toBeUndefined();
    expect(refreshExpiryFromResponse({ refresh_expires_in: 'soon' }, NOW)).toBeUndefined();
    expect(refreshExpiryFromResponse({ refresh_expires_in: 1e12 }, NOW)).toBeUndefined();
  });
});

describe('sessionEnd', () => {
  it('takes what the response said first', () => {
    expect(sessionEnd({ tokens: tokens('rt-1'), refreshExpiresAt: NOW + 5 })).toBe(NOW + 5);
    expect(sessionEnd({ tokens: tokens('rt-1'), refreshExpiresAt: null })).toBeNull();
  });

  it("reads a JWT refresh token's exp", async () => {
    const exp = Math.floor(NOW / 1000) + 7 * 86_400;
    const jwt = await new SignJWT({ typ: 'Refresh' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode('k'.repeat(32)));
    expect(sessionEnd({ tokens: tokens(jwt) })).toBe(exp * 1000);
  });

  it('keeps the known end for the same refresh token, forgets it for a new opaque one', () => {
    const previous = { tokens: tokens('rt-1'), signInNeededBy: NOW + 99 };
    expect(sessionEnd({ tokens: tokens('rt-1') }, previous)).toBe(NOW + 99);
    expect(sessionEnd({ tokens: tokens('rt-2') }, previous)).toBeNull();
  });

  it('says nothing without a refresh token, or when nothing says', () => {
    expect(sessionEnd({ tokens: tokens(), refreshExpiresAt: NOW + 5 })).toBeNull();
    expect(sessionEnd({ tokens: tokens('opaque-refresh-token') })).toBeNull();
  });
});
