import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatForCopy, tokenKindOf } from '../../../main/core/accounts/copy-formats.ts';

describe('formatForCopy', () => {
  const token = 'eyJhbGciOiJSUzI1NiJ9.payload.signature';

  it('puts the token alone, in a header, or in a curl command with that header', () => {
    expect(formatForCopy('access-token', token)).toBe(token);
    expect(formatForCopy('id-token', token)).toBe(token);
    expect(formatForCopy('authorization-header', token)).toBe(`Authorization: Bearer ${token}`);
    expect(formatForCopy('curl', token)).toBe(
      `curl -H 'Authorization: Bearer ${token}' https://api.example.com/`,
    );
  });

  it('reads the ID token only for the ID token format', () => {
    expect(tokenKindOf('id-token')).toBe('id');
    for (const f of ['access-token', 'authorization-header', 'curl'] as const) {
      expect(tokenKindOf(f)).toBe('access');
    }
  });

  it('quotes the curl header so a token with quotes cannot break out of it in a shell', () => {
    const hostile = `abc'; touch /tmp/pwned; echo '`;
    const command = formatForCopy('curl', hostile);
    // Let a real POSIX shell split the command: the header arrives as one intact argument.
    const args = execFileSync(
      'sh',
      ['-c', `set -- ${command.slice('curl '.length)}; printf '%s\\n' "$@"`],
      {
        encoding: 'utf8',
      },
    );
    expect(args.split('\n').slice(0, 3)).toEqual([
      '-H',
      `Authorization: Bearer ${hostile}`,
      'https://api.example.com/',
    ]);
  });
});

describe('a DPoP-bound token', () => {
  it('is named with the DPoP scheme in the header and the curl command (RFC 9449 §7.1)', () => {
    expect(formatForCopy('authorization-header', 'at', 'DPoP')).toBe('Authorization: DPoP at');
    expect(formatForCopy('curl', 'at', 'DPoP')).toContain("'Authorization: DPoP at'");
    expect(formatForCopy('access-token', 'at', 'DPoP')).toBe('at');
  });
});
