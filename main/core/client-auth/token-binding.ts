import type { InspectionSection } from '../../../contract/domain.ts';
import type { StoredTokens } from '../model.ts';
import { isDpopBound } from './dpop.ts';

/**
 * The inspect section saying whether the access token is sender-constrained: bound to the
 * account's DPoP key (`cnf.jkt`, RFC 9449) or to the client certificate (`cnf.x5t#S256`,
 * RFC 8705), from the token response and, where the provider introspects, from its answer.
 * Absent for plain bearer tokens.
 */
export async function tokenBindingSection(
  tokens: StoredTokens,
  introspected: Record<string, unknown> | undefined,
): Promise<InspectionSection | undefined> {
  const cnf = introspected?.['cnf'];
  const confirmation = cnf && typeof cnf === 'object' ? (cnf as Record<string, unknown>) : {};
  const jkt = typeof confirmation['jkt'] === 'string' ? confirmation['jkt'] : undefined;
  const x5t = typeof confirmation['x5t#S256'] === 'string' ? confirmation['x5t#S256'] : undefined;
  const dpop = isDpopBound(tokens.tokenType) || jkt !== undefined;
  if (!dpop && !x5t) return undefined;
  const claims = [];
  if (dpop) {
    claims.push({
      name: 'DPoP-bound',
      value:
        'Only usable with a fresh DPoP proof signed by this account’s key: the token alone is not enough.',
    });
    claims.push({ name: 'cnf.jkt', value: jkt ?? tokens.dpopKey?.publicJwk.kid ?? 'unknown' });
  }
  if (x5t) {
    claims.push({
      name: 'Certificate-bound',
      value: 'Only usable over a TLS connection presenting this provider’s client certificate.',
    });
    claims.push({ name: 'cnf.x5t#S256', value: x5t });
  }
  return { id: 'token-binding', title: 'Sender-constrained token', status: 'ok', claims };
}
