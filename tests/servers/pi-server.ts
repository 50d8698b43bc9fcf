/**
 * Stand-in for the Pi Network platform API (`GET /v2/me`) on 127.0.0.1. Users get tokens in
 * the Pi Browser, so there is no sign-in, refresh or revoke route: tests mint opaque tokens
 * with `issueToken()` and the app only verifies them (docs/providers.md, "Pi Network").
 *
 * Unconfirmed details are options: the 401 body, `valid_until.timestamp` units, and the
 * response shape (current flat object, the older `{uid, username, roles}`, or the docs'
 * nested `{user: {uid, username}}`).
 */
import {
  URLSAFE,
  bearerToken,
  createClock,
  json,
  randomToken,
  standInBasics,
  startStandInServer,
  type Clock,
  type FaultSpec,
  type Reply,
  type StandInBasics,
  type StandInRequest,
} from './http-helpers.ts';
import { registerSecret } from '../support/leak-detector.ts';

export type PiScope = 'username' | 'payments' | 'wallet_address';

/**
 * - `current`: `{uid, username?, credentials: {scopes, valid_until: {timestamp, iso8601}}}`
 * - `legacy`: `{uid, username?, roles}` without `credentials` (older responses)
 * - `nested`: `{user: {uid, username?}}` as the Pi docs print it
 */
export type PiMeShape = 'current' | 'legacy' | 'nested';

/**
 * The 401 body (unconfirmed; the status is the contract):
 * - `error-object` (default): `{"error":"unauthorized","error_message":"…"}`
 * - `empty`: no body
 * - `plain`: `text/plain` "Unauthorized"
 * - or an explicit body and content type.
 */
export type PiUnauthorizedBody =
  'error-object' | 'empty' | 'plain' | { body: string; contentType: string };

export interface PiServerOptions {
  port?: number;
  shape?: PiMeShape;
  /** `valid_until.timestamp` in epoch `seconds` (default, probable) or `milliseconds`. */
  timestampUnits?: 'seconds' | 'milliseconds';
  unauthorizedBody?: PiUnauthorizedBody;
  faults?: FaultSpec[];
}

export interface PiTokenParams {
  uid?: string;
  username?: string;
  /** Default `['username']`; `username` is only returned with the `username` scope. */
  scopes?: PiScope[];
  /** Absolute expiry (Date or epoch ms); default one hour from the server clock. */
  validUntil?: Date | number;
  /** `roles` of the legacy shape (default `[]`). */
  roles?: string[];
}

export interface PiTokenInfo {
  token: string;
  uid: string;
  username: string | undefined;
  scopes: PiScope[];
  validUntil: number;
  roles: string[];
  revoked: boolean;
}

export interface PiStats {
  meCalls: number;
  meAuthorized: number;
  meRejected: number;
}

export interface PiServer extends StandInBasics {
  clock: Clock;
  /** Mints an opaque access token (not a JWT), as `Pi.authenticate` would hand one out. */
  issueToken(params?: PiTokenParams): string;
  /** Makes a token invalid (the server no longer knows it). */
  revokeToken(token: string): void;
  /** Moves a token's expiry into the past. */
  expireToken(token: string): void;
  /** Changes response options while running. */
  configure(changes: Pick<PiServerOptions, 'shape' | 'timestampUnits' | 'unauthorizedBody'>): void;
  /** Tokens that `/v2/me` currently accepts. */
  liveTokens(): PiTokenInfo[];
  stats(): PiStats;
}

export const PI_DEFAULT_UID = 'f3e1a2b4-7c9d-4e5f-8a6b-0c1d2e3f4a5b';
export const PI_DEFAULT_USERNAME = 'pioneer_alice';

export async function startPiServer(options: PiServerOptions = {}): Promise<PiServer> {
  const settings = {
    shape: options.shape ?? 'current',
    timestampUnits: options.timestampUnits ?? 'seconds',
    unauthorizedBody: options.unauthorizedBody ?? 'error-object',
  } satisfies Required<Pick<PiServerOptions, 'shape' | 'timestampUnits' | 'unauthorizedBody'>>;
  const clock = createClock();
  const tokens = new Map<string, PiTokenInfo>();
  const stats: PiStats = { meCalls: 0, meAuthorized: 0, meRejected: 0 };

  function unauthorized(): Reply {
    stats.meRejected++;
    const body = settings.unauthorizedBody;
    if (body === 'empty') return { status: 401 };
    if (body === 'plain') {
      return { status: 401, text: 'Unauthorized', headers: { 'content-type': 'text/plain' } };
    }
    if (typeof body === 'object') {
      return { status: 401, text: body.body, headers: { 'content-type': body.contentType } };
    }
    return json(401, {
      error: 'unauthorized',
      error_message: 'The access token is invalid, tampered with or expired',
    });
  }

  function me(request: StandInRequest): Reply {
    stats.meCalls++;
    const token = bearerToken(request);
    const info = token === undefined ? undefined : tokens.get(token);
    if (!info || info.revoked || info.validUntil <= clock.now()) return unauthorized();
    stats.meAuthorized++;
    const withUsername = info.scopes.includes('username') && info.username !== undefined;
    const username = withUsername ? { username: info.username } : {};
    if (settings.shape === 'nested') return json(200, { user: { uid: info.uid, ...username } });
    if (settings.shape === 'legacy') {
      return json(200, { uid: info.uid, ...username, roles: [...info.roles] });
    }
    const seconds = Math.floor(info.validUntil / 1000);
    return json(200, {
      uid: info.uid,
      ...username,
      credentials: {
        scopes: [...info.scopes],
        valid_until: {
          timestamp: settings.timestampUnits === 'milliseconds' ? seconds * 1000 : seconds,
          // Rails' `Time#iso8601`: whole seconds, `Z`.
          iso8601: new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        },
      },
    });
  }

  async function handle(request: StandInRequest): Promise<Reply> {
    if (request.path === '/v2/me' && request.method === 'GET') return me(request);
    return json(404, { error: 'not_found', error_message: 'Not found' });
  }

  const server = await startStandInServer({
    port: options.port,
    faults: options.faults,
    handle,
    accountOf: (request) => {
      const token = bearerToken(request);
      const info = token === undefined ? undefined : tokens.get(token);
      return info ? `user:${info.uid}` : undefined;
    },
    serverError: () =>
      json(500, { error: 'internal_server_error', error_message: 'Internal server error' }),
    defaultFaultField: () => (settings.shape === 'nested' ? 'user.uid' : 'uid'),
  });

  const known = (token: string): PiTokenInfo => {
    const info = tokens.get(token);
    if (!info) throw new Error('unknown Pi token');
    return info;
  };

  return {
    ...standInBasics(server),
    clock,
    issueToken(params = {}) {
      const token = randomToken(64, URLSAFE);
      registerSecret(token, 'access token');
      const validUntil =
        params.validUntil instanceof Date
          ? params.validUntil.getTime()
          : (params.validUntil ?? clock.now() + 3600_000);
      tokens.set(token, {
        token,
        uid: params.uid ?? PI_DEFAULT_UID,
        username: 'username' in params ? params.username : PI_DEFAULT_USERNAME,
        scopes: [...(params.scopes ?? ['username'])],
        validUntil,
        roles: [...(params.roles ?? [])],
        revoked: false,
      });
      return token;
    },
    revokeToken(token) {
      known(token).revoked = true;
    },
    expireToken(token) {
      known(token).validUntil = clock.now() - 1000;
    },
    configure(changes) {
      if (changes.shape) settings.shape = changes.shape;
      if (changes.timestampUnits) settings.timestampUnits = changes.timestampUnits;
      if (changes.unauthorizedBody) settings.unauthorizedBody = changes.unauthorizedBody;
    },
    liveTokens: () =>
      [...tokens.values()]
        .filter((t) => !t.revoked && t.validUntil > clock.now())
        .map((t) => ({ ...t, scopes: [...t.scopes], roles: [...t.roles] })),
    stats: () => ({ ...stats }),
  };
}
