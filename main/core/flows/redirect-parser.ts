/**
 * Pure parsing of an authorization redirect (RFC 6749 §4.1.2 and §4.2.2), from the query or
 * from the fragment, into a tagged union. Validation of `state` against a pending sign-in
 * happens elsewhere; this only says what the URL contains.
 */

export type ParsedRedirect =
  | { kind: 'code'; state: string; code: string; params: URLSearchParams }
  | {
      kind: 'token';
      state: string;
      accessToken: string;
      tokenType: string;
      expiresIn: number | null;
      scope: string | null;
      params: URLSearchParams;
    }
  | { kind: 'error'; state: string | null; error: string; errorDescription: string | null }
  | { kind: 'invalid'; state: string | null; reason: string };

/** Chooses the parameters of a redirect: the fragment when it carries any, else the query. */
function redirectParams(url: URL): URLSearchParams {
  const fragment = url.hash.startsWith('#') ? url.hash.slice(1) : url.hash;
  const fromFragment = new URLSearchParams(fragment);
  if (
    fromFragment.has('state') ||
    fromFragment.has('code') ||
    fromFragment.has('access_token') ||
    fromFragment.has('error')
  ) {
    return fromFragment;
  }
  return new URLSearchParams(url.search);
}

/** Response parameters that must not appear more than once (RFC 6749 §3.1). */
const SINGLE_VALUED = [
  'state',
  'code',
  'access_token',
  'token_type',
  'expires_in',
  'scope',
  'id_token',
  'iss',
  'error',
  'error_description',
  'error_uri',
] as const;

function nonEmpty(params: URLSearchParams, name: string): string | null {
  const value = params.get(name);
  return value && value.length > 0 ? value : null;
}

export function parseRedirect(input: string | URL): ParsedRedirect {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : input;
  } catch {
    return { kind: 'invalid', state: null, reason: 'The redirect is not a valid URL.' };
  }
  const params = redirectParams(url);
  const repeated = SINGLE_VALUED.find((name) => params.getAll(name).length > 1);
  if (repeated) {
    // Which copy is genuine cannot be told; a repeated state matches no sign-in at all.
    return {
      kind: 'invalid',
      state: repeated === 'state' ? null : nonEmpty(params, 'state'),
      reason: `The redirect carries the ${repeated} parameter more than once, so it was refused.`,
    };
  }
  const state = nonEmpty(params, 'state');

  const error = nonEmpty(params, 'error');
  if (error) {
    return { kind: 'error', state, error, errorDescription: nonEmpty(params, 'error_description') };
  }
  if (!state) {
    return { kind: 'invalid', state: null, reason: 'The redirect carries no state parameter.' };
  }
  const code = nonEmpty(params, 'code');
  if (code) return { kind: 'code', state, code, params };

  const accessToken = nonEmpty(params, 'access_token');
  if (accessToken) {
    const expiresInRaw = nonEmpty(params, 'expires_in');
    const expiresIn =
      expiresInRaw !== null && /^\d+$/.test(expiresInRaw) ? Number(expiresInRaw) : null;
    return {
      kind: 'token',
      state,
      accessToken,
      tokenType: nonEmpty(params, 'token_type') ?? 'Bearer',
      expiresIn,
      scope: nonEmpty(params, 'scope'),
      params,
    };
  }
  return {
    kind: 'invalid',
    state,
    reason: 'The redirect carries neither a code, a token nor an error.',
  };
}

/**
 * Finds a URL of the app's private-use scheme among process arguments, as `second-instance`
 * (Windows, Linux) delivers them. Returns undefined when none is present.
 */
export function findSchemeUrlInArgv(argv: readonly string[], scheme: string): string | undefined {
  const prefix = `${scheme.toLowerCase()}:`;
  return argv.find((arg) => arg.toLowerCase().startsWith(prefix));
}

/** True when `url` uses the app's private-use scheme. */
export function isSchemeUrl(url: string, scheme: string): boolean {
  return url.toLowerCase().startsWith(`${scheme.toLowerCase()}:`);
}
