import { describe, expect, it } from 'vitest';
import { commandLineArguments } from '../../../main/cli/cli-entry.ts';
import { formatToken } from '../../../main/cli/token-formats.ts';

const token = {
  accessToken: "ey.J'x",
  expiresAt: 1_800_000_000,
  issuer: 'https://id.example.test',
  account: 'work',
};

describe('formatToken', () => {
  it('quotes env values for a POSIX shell', () => {
    expect(formatToken(token, 'env')).toBe(
      "export OIDC_AT='ey.J'\\''x'\nexport OIDC_ISS='https://id.example.test'\nexport OIDC_EXP=1800000000\n",
    );
  });

  it('leaves expirationTimestamp out when the provider gave no expiry', () => {
    const credential = JSON.parse(
      formatToken({ ...token, expiresAt: null }, 'exec-credential'),
    ) as {
      status: unknown;
    };
    expect(credential.status).toEqual({ token: "ey.J'x" });
  });
});

describe('commandLineArguments', () => {
  it('recognizes the command after the packaged executable or `electron .`', () => {
    expect(commandLineArguments(['/opt/Token Desk/token-desk', 'token', 'work'], true)).toEqual([
      'token',
      'work',
    ]);
    expect(commandLineArguments(['electron', '.', 'token-desk', 'accounts'], false)).toEqual([
      'accounts',
    ]);
  });

  it('leaves ordinary launches and scheme URLs to the app', () => {
    expect(commandLineArguments(['/opt/Token Desk/token-desk'], true)).toBeNull();
    expect(
      commandLineArguments(['app', 'io.github.tokendesk:/oauth/callback?code=x'], true),
    ).toBeNull();
    expect(commandLineArguments(['app', '--no-sandbox'], true)).toBeNull();
  });
});
