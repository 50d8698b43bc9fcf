import type { CopyFormat, TokenKind } from '../../../contract/domain.ts';

/** The placeholder a copied `curl` command carries where the user's API URL goes. */
export const CURL_URL_PLACEHOLDER = 'https://api.example.com/';

/** Which stored token a copy format is made of. */
export function tokenKindOf(format: CopyFormat): TokenKind {
  return format === 'id-token' ? 'id' : 'access';
}

/**
 * The clipboard text for a token in a {@link CopyFormat}. The `curl` command quotes the header
 * for POSIX shells, so a token with unusual characters cannot break out of it.
 */
export function formatForCopy(
  format: CopyFormat,
  token: string,
  /** `DPoP` for a DPoP-bound token (RFC 9449 §7.1), which then also needs a proof. */
  scheme: 'Bearer' | 'DPoP' = 'Bearer',
): string {
  switch (format) {
    case 'access-token':
    case 'id-token':
      return token;
    case 'authorization-header':
      return `Authorization: ${scheme} ${token}`;
    case 'curl':
      return `curl -H ${shellQuote(`Authorization: ${scheme} ${token}`)} ${CURL_URL_PLACEHOLDER}`;
  }
}

/** What was copied, in words (notifications, toasts, the tray). */
export const COPY_FORMAT_LABELS: Record<CopyFormat, string> = {
  'access-token': 'Access token',
  'authorization-header': 'Authorization header',
  curl: 'curl command',
  'id-token': 'ID token',
};

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
