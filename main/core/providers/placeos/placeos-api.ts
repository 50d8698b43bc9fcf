import { AppError, cleanProviderMessage } from '../../errors.ts';
import { parsedBody, requestJson } from '../../http/json-request.ts';
import type { ProviderEndpoints } from '../../../../contract/domain.ts';

/**
 * PlaceOS (Doorkeeper in the Rails service; the Crystal service keeps the routes). Discovery
 * is not reliable there, so the standard OAuth endpoints are derived from the domain, and
 * PlaceOS's own token views are read directly.
 */

export function placeOsEndpoints(
  baseUrl: string,
): Required<Pick<ProviderEndpoints, 'authorization' | 'token' | 'revocation' | 'introspection'>> {
  const at = (path: string) => new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
  return {
    authorization: at('auth/oauth/authorize'),
    token: at('auth/oauth/token'),
    revocation: at('auth/oauth/revoke'),
    introspection: at('auth/oauth/introspect'),
  };
}

/** A PlaceOS token view: `api_keys/inspect` (the token's claims) or `token/info`. */
export async function fetchTokenView(
  baseUrl: string,
  view: 'inspect' | 'token-info',
  accessToken: string,
  timeoutSeconds: number,
): Promise<Record<string, unknown>> {
  const path = view === 'inspect' ? 'api/engine/v2/api_keys/inspect' : 'auth/oauth/token/info';
  const response = await requestJson({
    url: new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`),
    headers: { authorization: `Bearer ${accessToken}` },
    timeoutSeconds,
    providerName: 'PlaceOS',
  });
  const errorMessage = (value: unknown) => {
    const fields = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    return cleanProviderMessage(fields['error_description'] ?? fields['error']);
  };
  if (response.status === 401) {
    const providerMessage = errorMessage(response.body);
    throw new AppError('REAUTH_REQUIRED', 'PlaceOS says the access token is invalid or expired.', {
      ...(providerMessage ? { providerMessage } : {}),
    });
  }
  const parsed = parsedBody(response);
  const body =
    parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  if (response.status !== 200 || !body) {
    const providerMessage = errorMessage(parsed);
    throw new AppError('PROVIDER_ERROR', `PlaceOS answered HTTP ${response.status} for ${path}.`, {
      ...(providerMessage ? { providerMessage } : {}),
    });
  }
  return body;
}

/** Readable names for the compact user claims of `api_keys/inspect` (`u: {n, e, p, r}`). */
export function expandPlaceOsClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const user = claims['u'];
  if (!user || typeof user !== 'object') return claims;
  const { n, e, p, r, ...rest } = user as Record<string, unknown>;
  const expanded: Record<string, unknown> = { ...claims };
  delete expanded['u'];
  if (n !== undefined) expanded['name'] = n;
  if (e !== undefined) expanded['email'] = e;
  if (r !== undefined) expanded['groups'] = r;
  if (p !== undefined) Object.assign(expanded, describePermissionFlags(p));
  return { ...expanded, ...rest };
}

/**
 * `p` is placeos-models' `UserJWT::Permissions` (User 0, Support 1, Admin 2, AdminSupport 3),
 * whose own checks are `is_support? = p >= 1` and `is_admin? = p >= 2`.
 */
function describePermissionFlags(p: unknown): Record<string, unknown> {
  if (typeof p !== 'number') return { permissions: p };
  return { permissions: p, support: p >= 1, admin: p >= 2 };
}
