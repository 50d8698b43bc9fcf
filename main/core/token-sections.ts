import type { InspectionSection } from '../../contract/domain.ts';
import { toAppError } from './errors.ts';
import type { StoredTokens } from './model.ts';
import type { SignatureCheck } from './providers/id-token-signature.ts';
import type { ProviderAdapter } from './providers/provider-adapter.ts';
import { decodeJwtUnverified, toClaimList } from './token-claims.ts';

/**
 * The inspect view's sections read from the tokens themselves: the ID token's claims with what
 * checked its signature (the adapter checks it now, where the provider publishes keys), and an
 * access token's claims when it is a JWT. Nothing here is sent anywhere but to the adapter.
 */
export async function decodedTokenSections(
  tokens: StoredTokens,
  adapter: Pick<ProviderAdapter, 'checkIdTokenSignature'>,
  providerName: string,
): Promise<InspectionSection[]> {
  const sections: InspectionSection[] = [];
  if (tokens.idToken) {
    const decoded = decodeJwtUnverified(tokens.idToken);
    if (!decoded) {
      sections.push({
        id: 'id-token',
        title: 'ID token',
        status: 'error',
        note: 'The stored ID token is not a readable JWT.',
      });
    } else {
      const claims = toClaimList(decoded.claims);
      try {
        const check = (await adapter.checkIdTokenSignature?.(tokens.idToken)) ?? null;
        sections.push({
          id: 'id-token',
          title: 'ID token',
          status: 'ok',
          note: describeSignatureCheck(check, String(decoded.header['alg']), providerName),
          claims,
        });
      } catch (err) {
        sections.push({
          id: 'id-token',
          title: 'ID token',
          status: 'error',
          note: 'Decoded locally; the signature check failed, so these claims cannot be trusted.',
          error: toAppError(err, providerName).toInfo(),
          claims,
        });
      }
    }
  }
  const access = decodeJwtUnverified(tokens.accessToken);
  sections.push(
    access
      ? {
          id: 'access-token',
          title: 'Access token (JWT)',
          status: 'ok',
          note: `Decoded locally (alg ${String(access.header['alg'])}). Only the resource server can say whether it accepts it.`,
          claims: toClaimList(access.claims),
        }
      : {
          id: 'access-token',
          title: 'Access token',
          status: 'unavailable',
          note: 'Opaque token (not a JWT): only the provider can tell what it contains; see introspection.',
        },
  );
  return sections;
}

/** Exactly what was verified about an ID token, for the inspect view. */
function describeSignatureCheck(
  check: SignatureCheck | null,
  alg: string,
  providerName: string,
): string {
  if (!check) {
    return `Decoded locally (alg ${alg}); the signature was not checked: ${providerName} is configured without discovery, so it publishes no signing keys to check it with.`;
  }
  const key =
    check.key.kind === 'jwks'
      ? `${check.key.kid ? `key "${check.key.kid}"` : 'a key'} published at ${check.key.jwksUri}`
      : 'the client secret';
  return `Signature (${check.alg}) verified just now with ${key}. Its issuer, audience and expiry were checked when it was received (and its nonce, at sign-in); it may have expired since.`;
}
