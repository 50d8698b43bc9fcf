import { z } from 'zod';
import { AppError, cleanProviderMessage } from '../../errors.ts';
import { parsedBody, requestJson } from '../../http/json-request.ts';

/**
 * Pi Network's platform API as the token manager uses it: a pasted access token (from
 * `Pi.authenticate` in the Pi Browser) is verified with `GET /v2/me`, the only source of truth
 * about the user. Tolerates the shapes seen in the wild (docs/providers.md).
 */

export const PI_DEFAULT_BASE_URL = 'https://api.minepi.com';

export interface PiUser {
  uid: string;
  username: string | null;
  /** Null when the response has no `credentials` (older responses). */
  scopes: string[] | null;
  /** Epoch ms; null when the response carries no `valid_until` (older responses). */
  validUntil: number | null;
  /** The response as received, for the inspect view. */
  raw: Record<string, unknown>;
}

const validUntilSchema = z
  .object({
    timestamp: z.union([z.number(), z.string()]).optional(),
    iso8601: z.string().optional(),
  })
  .partial();

const meSchema = z.object({
  uid: z.string().min(1),
  username: z.string().nullish(),
  credentials: z
    .object({
      scopes: z.array(z.string()).optional(),
      valid_until: validUntilSchema.optional(),
    })
    .optional(),
  roles: z.array(z.string()).optional(),
});

const PASTE_HINT =
  'Paste the access token: the accessToken value of the Pi.authenticate result (the whole result, as JSON, works too).';

/**
 * The access token in what a user pasted: the token itself, the whole `Pi.authenticate`
 * result (`{"accessToken": "…", "user": {…}}`), a quoted token or a `Bearer …` header value.
 * Anything else pasted with the token (a uid, a username) is ignored: only `/v2/me` says whose
 * token it is.
 */
export function accessTokenFromPaste(pasted: string): string {
  let text = pasted.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AppError(
        'INVALID_INPUT',
        `That looks like JSON but could not be read. ${PASTE_HINT}`,
      );
    }
    const accessToken = (parsed as { accessToken?: unknown } | null)?.accessToken;
    if (typeof accessToken !== 'string' || !accessToken.trim()) {
      throw new AppError('INVALID_INPUT', `That JSON has no "accessToken" field. ${PASTE_HINT}`);
    }
    text = accessToken.trim();
  } else if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    text = text.slice(1, -1).trim();
  }
  text = text.replace(/^bearer\s+/i, '');
  if (!text || /\s/.test(text)) {
    throw new AppError(
      'INVALID_INPUT',
      `A Pi access token is one word, without spaces. ${PASTE_HINT}`,
    );
  }
  return text;
}

/** `iso8601` first (unambiguous); else `timestamp`, seconds or milliseconds by magnitude. */
function parseValidUntil(value: z.infer<typeof validUntilSchema> | undefined): number | null {
  if (!value) return null;
  if (value.iso8601 && !Number.isNaN(Date.parse(value.iso8601))) return Date.parse(value.iso8601);
  const timestamp = Number(value.timestamp);
  if (!Number.isFinite(timestamp) || timestamp <= 0) return null;
  return timestamp > 1e12 ? timestamp : timestamp * 1000;
}

/** Verifies `accessToken` and returns who it belongs to. A 401 means: get a new token. */
export async function fetchMe(
  baseUrl: string,
  accessToken: string,
  timeoutSeconds: number,
): Promise<PiUser> {
  const response = await requestJson({
    url: new URL('v2/me', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`),
    headers: { authorization: `Bearer ${accessToken}` },
    timeoutSeconds,
    providerName: 'Pi Network',
  });
  if (response.status === 401) {
    throw new AppError(
      'REAUTH_REQUIRED',
      'Pi Network no longer accepts this token (invalid, tampered with or expired). Get a new access token from your app in the Pi Browser and import it again.',
      { ...piMessage(response.body) },
    );
  }
  const body = parsedBody(response) as { user?: unknown } | undefined;
  if (response.status !== 200) {
    throw new AppError(
      'PROVIDER_ERROR',
      response.status >= 500
        ? 'Pi Network had a server error. Try again later.'
        : `Pi Network answered HTTP ${response.status}.`,
      { ...piMessage(body) },
    );
  }
  // The documentation shows `{user: {uid, username}}`; the API answers a flat object. Accept both.
  const candidate =
    body && typeof body === 'object' && 'user' in body && !('uid' in body) ? body.user : body;
  const parsed = meSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new AppError(
      'INVALID_RESPONSE',
      'Pi Network sent a /v2/me response without a user id; the token could not be verified.',
    );
  }
  const { uid, username, credentials } = parsed.data;
  return {
    uid,
    username: username ?? null,
    scopes: credentials?.scopes ?? null,
    validUntil: parseValidUntil(credentials?.valid_until),
    raw: parsed.data,
  };
}

function piMessage(body: unknown): { providerMessage?: string } {
  if (!body || typeof body !== 'object') return {};
  const { error, error_message: errorMessage, message } = body as Record<string, unknown>;
  const text = [error, errorMessage ?? message]
    .filter((part) => typeof part === 'string')
    .join(': ');
  const clean = cleanProviderMessage(text);
  return clean ? { providerMessage: clean } : {};
}
