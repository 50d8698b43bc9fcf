import { z } from 'zod';
import { AppError, cleanProviderMessage } from '../../errors.ts';
import { parsedBody, requestJson } from '../../http/json-request.ts';
import type { StoredTokens, TokenGrant } from '../../model.ts';

/**
 * PeerID's (Peerplays) own token API, as its servers really behave (docs/providers.md):
 * form bodies, `{result, status}` envelopes, `expires` as an ISO date, `scope` as Peerplays
 * operation numbers, errors as a string or as `{field: message}`.
 */

export const PEERID_DEFAULT_BASE_URL = 'https://peerid.peerplays.download';

export interface PeerIdClient {
  baseUrl: string;
  clientId: string;
  clientSecret?: string;
  timeoutSeconds: number;
}

const tokenResultSchema = z.object({
  token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not a date'),
  // Operation numbers; tolerate them arriving as numeric strings.
  scope: z.array(z.union([z.number().int(), z.string().regex(/^\d+$/)])).optional(),
  user_id: z.union([z.number(), z.string()]).optional(),
});

const envelopeSchema = z.object({ result: z.unknown() });
const errorSchema = z.object({
  error: z.union([z.string(), z.record(z.string(), z.unknown())]),
  status: z.union([z.number(), z.string()]).optional(),
});

function endpoint(client: PeerIdClient, path: string): string {
  return new URL(path, client.baseUrl.endsWith('/') ? client.baseUrl : `${client.baseUrl}/`).href;
}

/** `{"login": "Invalid …"}` → "login: Invalid …"; a plain string stays as it is. */
function describePeerIdError(body: unknown): { text: string | undefined; fields: string[] } {
  const parsed = errorSchema.safeParse(body);
  if (!parsed.success) return { text: undefined, fields: [] };
  const { error } = parsed.data;
  if (typeof error === 'string') return { text: cleanProviderMessage(error), fields: [] };
  const parts = Object.entries(error).map(
    ([field, message]) =>
      `${field}: ${typeof message === 'string' ? message : JSON.stringify(message)}`,
  );
  return { text: cleanProviderMessage(parts.join('; ')), fields: Object.keys(error) };
}

/** Turns a PeerID error answer into a coded error that keeps PeerID's own, field-level words. */
function peerIdError(
  status: number,
  body: unknown,
  action: 'sign-in' | 'refresh' | 'exchange' | 'verify',
): AppError {
  const { text, fields } = describePeerIdError(body);
  const providerMessage = text ?? `HTTP ${status}`;
  if (status === 401 || (action === 'refresh' && fields.includes('refresh_token'))) {
    return new AppError('REAUTH_REQUIRED', 'PeerID no longer accepts this token. Sign in again.', {
      providerMessage,
    });
  }
  if (status >= 500) {
    return new AppError('PROVIDER_ERROR', 'PeerID had a server error. Try again later.', {
      providerMessage,
    });
  }
  const message =
    action === 'sign-in'
      ? 'PeerID did not accept these credentials.'
      : action === 'exchange'
        ? 'PeerID did not accept the sign-in code. Start the sign-in again.'
        : 'PeerID rejected the request.';
  return new AppError('PROVIDER_ERROR', message, { providerMessage });
}

/** Validates a token answer and converts it; `login` names the account for a password sign-in. */
function toGrant(body: unknown, previous?: StoredTokens): TokenGrant {
  const result = envelopeSchema.safeParse(body);
  const parsed = tokenResultSchema.safeParse(result.success ? result.data.result : undefined, {
    reportInput: true,
  });
  if (!parsed.success) {
    throw new AppError(
      'INVALID_RESPONSE',
      `PeerID sent a token response this app cannot use: ${describeIssue(parsed.error.issues[0])}.`,
    );
  }
  const { token, refresh_token, expires, scope, user_id } = parsed.data;
  const tokens: StoredTokens = { accessToken: token, tokenType: 'Bearer' };
  const refreshToken = refresh_token ?? previous?.refreshToken;
  if (refreshToken) tokens.refreshToken = refreshToken;
  const grant: TokenGrant = {
    tokens,
    expiresAt: Date.parse(expires),
    scopes: scope ? scope.map((op) => String(op)) : null,
  };
  if (user_id !== undefined) grant.subject = String(user_id);
  return grant;
}

/** "the field "result.token" is missing" — what a user (or a bug report) needs to know. */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'it is not a token response';
  const field = ['result', ...issue.path.map(String)].join('.');
  if (issue.path.length === 0) return 'it has no "result" object';
  return issue.code === 'invalid_type' && issue.input === undefined
    ? `the field "${field}" is missing`
    : `the field "${field}" has an unexpected value`;
}

async function post(
  client: PeerIdClient,
  path: string,
  form: Record<string, string>,
  action: 'sign-in' | 'refresh' | 'exchange',
  previous?: StoredTokens,
): Promise<TokenGrant> {
  const response = await requestJson({
    url: endpoint(client, path),
    form,
    timeoutSeconds: client.timeoutSeconds,
    providerName: 'PeerID',
  });
  if (response.status === 401) throw peerIdError(401, response.body, action);
  const body = parsedBody(response);
  if (response.status !== 200) throw peerIdError(response.status, body, action);
  return toGrant(body, previous);
}

/** Password login (`POST /api/v1/auth/token`); the server reads the form body, not the query. */
export function passwordLogin(
  client: PeerIdClient,
  credentials: { login: string; password?: string; mobile?: string },
): Promise<TokenGrant> {
  const form: Record<string, string> = { login: credentials.login, client_id: client.clientId };
  if (credentials.password) form['password'] = credentials.password;
  if (credentials.mobile) form['mobile'] = credentials.mobile;
  return post(client, 'api/v1/auth/token', form, 'sign-in').catch((err: unknown) => {
    throw alreadyLinked(err, client) ?? err;
  });
}

/**
 * PeerID answers a password login for a user who already joined the app with a field error
 * (`{"login": "You have already joined this app"}`) that is not about the password at all.
 */
function alreadyLinked(err: unknown, client: PeerIdClient): AppError | undefined {
  if (!(err instanceof AppError) || !/already joined/i.test(err.providerMessage ?? '')) return;
  const browser = client.clientSecret
    ? 'Sign in with the browser instead'
    : 'Sign in with the browser instead (add the app’s client secret in the provider settings first)';
  return new AppError(
    'PROVIDER_ERROR',
    `Your PeerID account is already linked to this app, so PeerID does not sign it in by password again. ${browser}, or remove the app in your PeerID account and sign in by password once more.`,
    { ...(err.providerMessage ? { providerMessage: err.providerMessage } : {}) },
  );
}

/** The consent page a browser sign-in starts at. */
export function permissionsUrl(client: PeerIdClient, redirectUri: string, state: string): URL {
  const url = new URL(endpoint(client, 'permissions'));
  url.search = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: redirectUri,
    state,
  }).toString();
  return url;
}

/** Exchanges the code from the consent redirect; needs the app's client secret. */
export function exchangeCode(client: PeerIdClient, code: string): Promise<TokenGrant> {
  if (!client.clientSecret) throw missingSecret('finish a browser sign-in');
  return post(
    client,
    'api/v1/auth/exchange',
    { code, client_id: client.clientId, client_secret: client.clientSecret },
    'exchange',
  );
}

/** Refreshes (both tokens rotate); needs the app's client secret. */
export function refreshToken(client: PeerIdClient, tokens: StoredTokens): Promise<TokenGrant> {
  if (!client.clientSecret) throw missingSecret('refresh');
  if (!tokens.refreshToken)
    throw new AppError('UNSUPPORTED', 'This PeerID account has no refresh token. Sign in again.');
  return post(
    client,
    'api/v1/auth/refreshtoken',
    {
      refresh_token: tokens.refreshToken,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    },
    'refresh',
    tokens,
  );
}

/**
 * Checks the access token without side effects: an empty operations call. 401 means invalid
 * or expired; a 400 complaining about `operations` means the token itself was accepted.
 */
export async function verifyToken(
  client: PeerIdClient,
  accessToken: string,
): Promise<{ valid: true; detail: string }> {
  const response = await requestJson({
    url: endpoint(client, 'api/v1/app/operations'),
    json: {},
    headers: { authorization: `Bearer ${accessToken}`, clientid: client.clientId },
    timeoutSeconds: client.timeoutSeconds,
    providerName: 'PeerID',
  });
  if (response.status === 401) throw peerIdError(401, response.body, 'verify');
  const { text } = describePeerIdError(parsedBody(response));
  if (response.status === 400 && text && /operations/i.test(text)) {
    return {
      valid: true,
      detail:
        'PeerID accepted the access token (checked with an empty, side-effect-free operations call).',
    };
  }
  if (response.status >= 200 && response.status < 300) {
    return { valid: true, detail: 'PeerID accepted the access token.' };
  }
  throw peerIdError(response.status, response.body, 'verify');
}

function missingSecret(action: string): AppError {
  return new AppError(
    'UNSUPPORTED',
    `PeerID needs the app's client secret to ${action}. Add it in the provider settings, or sign in again when the token expires.`,
  );
}
