/** What the agent returned for a token request, as the output formats need it. */
export interface IssuedToken {
  accessToken: string;
  /** Epoch seconds; null when the provider gave no expiry. */
  expiresAt: number | null;
  issuer: string;
  account: string;
}

export const TOKEN_FORMATS = ['raw', 'header', 'json', 'env', 'exec-credential'] as const;
export type TokenFormat = (typeof TOKEN_FORMATS)[number];

/** Renders a token for stdout in one of the `--format`s; always ends with a newline. */
export function formatToken(token: IssuedToken, format: TokenFormat): string {
  const expiry = token.expiresAt === null ? null : new Date(token.expiresAt * 1000).toISOString();
  switch (format) {
    case 'raw':
      return `${token.accessToken}\n`;
    case 'header':
      return `Authorization: Bearer ${token.accessToken}\n`;
    case 'json':
      return `${JSON.stringify(
        {
          access_token: token.accessToken,
          token_type: 'Bearer',
          expires_at: token.expiresAt,
          expiry,
          issuer: token.issuer,
          account: token.account,
        },
        null,
        2,
      )}\n`;
    case 'env':
      // The names oidc-token uses for `oidc-token -c`.
      return [
        `export OIDC_AT=${shellQuote(token.accessToken)}`,
        `export OIDC_ISS=${shellQuote(token.issuer)}`,
        `export OIDC_EXP=${token.expiresAt ?? 0}`,
        '',
      ].join('\n');
    case 'exec-credential':
      // kubectl's exec credential plugin output (client.authentication.k8s.io/v1).
      return `${JSON.stringify({
        apiVersion: 'client.authentication.k8s.io/v1',
        kind: 'ExecCredential',
        status: { token: token.accessToken, ...(expiry ? { expirationTimestamp: expiry } : {}) },
      })}\n`;
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
