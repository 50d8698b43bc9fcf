/** What the agent returned for a token request, as the output formats need it. */
export interface IssuedToken {
  accessToken: string;
  /** Epoch seconds; null when the provider gave no expiry. */
  expiresAt: number | null;
  issuer: string;
  account: string;
  /** `DPoP` for a DPoP-bound token (it is refused without a proof), else `Bearer`. */
  tokenType?: 'Bearer' | 'DPoP';
  /** A fresh proof for the method and URL asked with `--dpop-url`. */
  dpopProof?: string;
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
      return token.tokenType === 'DPoP'
        ? `Authorization: DPoP ${token.accessToken}\n${token.dpopProof ? `DPoP: ${token.dpopProof}\n` : ''}`
        : `Authorization: Bearer ${token.accessToken}\n`;
    case 'json':
      return `${JSON.stringify(
        {
          access_token: token.accessToken,
          token_type: token.tokenType ?? 'Bearer',
          ...(token.dpopProof ? { dpop_proof: token.dpopProof } : {}),
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
        ...(token.dpopProof ? [`export DPOP_PROOF=${shellQuote(token.dpopProof)}`] : []),
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
