/**
 * Stand-in for PeerID (Peerplays) on 127.0.0.1, modelled on docs/providers.md and the published
 * peerid-backend / peerid-gui sources (Express + Joi validators, React consent page).
 *
 * Headless consent for tests (the real consent page is a React app that calls `window.open`):
 * - `GET /permissions?…` with header `x-test-account: <login>` approves at once as that user
 *   and answers 302 to the app's redirect; add `x-test-consent: cancel` to cancel instead;
 * - or `POST /permissions` with the form the page shows (`client_id`, `redirect_uri`, `state`,
 *   `login` + `password` unless a session cookie is sent, `decision=approve|cancel`).
 */
import {
  bearerToken,
  createClock,
  escapeHtml,
  header,
  html,
  json,
  randomToken,
  redirect,
  standInBasics,
  startStandInServer,
  type Clock,
  type FaultSpec,
  type Reply,
  type StandInBasics,
  type StandInRequest,
} from './http-helpers.ts';
import { registerSecret, type SecretKind } from '../support/leak-detector.ts';

export const PEERID_CLIENT_ID = 17;
/** 42 characters, like `uid2(42)` in peerid-backend. */
export const PEERID_CLIENT_SECRET = 'pQ7vK2mX9rT4wY8zB3nC6dF1gH5jL0sA2eR7uI9oP4';
registerSecret(PEERID_CLIENT_SECRET, 'client secret');

/** A `uid2(124)` token, registered as a secret the app must never show (leak-detector.ts). */
function secretToken(kind: SecretKind): string {
  const token = randomToken(124);
  registerSecret(token, kind);
  return token;
}
export const PEERID_SESSION_COOKIE = 'crypto.sid';
export const TEST_ACCOUNT_HEADER = 'x-test-account';
export const TEST_CONSENT_HEADER = 'x-test-consent';

export interface PeerIdApp {
  /** Integer client id. */
  id: number;
  /** 42-character client secret. */
  secret: string;
  name?: string;
  /** Registered redirect domains (compared with the redirect's registrable domain). */
  domains: string[];
  /** Peerplays operation numbers the app asks for; they become the token's `scope`. */
  operations: number[];
}

export interface PeerIdUser {
  id?: number;
  username: string;
  email: string;
  password?: string;
  mobile?: string;
}

export const PEERID_APP: PeerIdApp = {
  id: PEERID_CLIENT_ID,
  secret: PEERID_CLIENT_SECRET,
  name: 'Token Desk',
  domains: ['127.0.0.1', 'tokendesk.example', 'io.github.tokendesk'],
  operations: [0, 1],
};

export const PEERID_USER: Required<PeerIdUser> = {
  id: 1,
  username: 'alice',
  email: 'alice@example.test',
  password: 'Alice-password-1!',
  mobile: '555-010-0100',
};

export const PEERID_OTHER_USER: Required<PeerIdUser> = {
  id: 2,
  username: 'bob',
  email: 'bob@example.test',
  password: 'Bob-password-2!',
  mobile: '555-010-0200',
};

/** The token `result` exactly as the server serialises the access-token database row. */
export interface PeerIdTokenRow {
  id: number;
  token: string;
  refresh_token: string;
  expires: string;
  scope: number[];
  app_id: number;
  user_id: number;
  grantcode_id: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface PeerIdStats {
  passwordLogins: number;
  codeExchanges: number;
  refreshes: number;
  operationsChecks: number;
  approvals: number;
  cancellations: number;
}

export interface PeerIdServerOptions {
  port?: number;
  apps?: PeerIdApp[];
  users?: PeerIdUser[];
  /** Token lifetime; default: local midnight three months ahead, as the server computes it. */
  tokenLifetimeMs?: number;
  /** Send `"status":"400"` (a string) in 400 error bodies, as some validators do. */
  statusAsString?: boolean;
  /**
   * Add `"status"` to the 401 and 500 bodies too. docs/providers.md lists them without it
   * (`{"error":"Access Token invalid or expired"}`); the Express error handler adds it.
   */
  statusIn401And500?: boolean;
  /**
   * `lenient` (default): IP addresses, single-label hosts and private-use schemes are compared
   * whole with the registered domains (so registering `127.0.0.1` allows loopback).
   * `psl`: like the real public-suffix check, they have no registrable domain and always fail
   * (unconfirmed on the real service, see docs/providers.md).
   */
  redirectCheck?: 'lenient' | 'psl';
  /** The source rejects a password login for an app the user already joined; off by default. */
  rejectRejoin?: boolean;
  faults?: FaultSpec[];
}

export interface PeerIdServer extends StandInBasics {
  clock: Clock;
  /** `{base}/permissions?client_id=…&redirect_uri=…&state=…` (URL-encoded). */
  permissionsUrl(params: { clientId?: number; redirectUri: string; state?: string }): string;
  /** Mints a token row directly, as a successful password login would. */
  issueTokens(params: { login: string; clientId?: number }): PeerIdTokenRow;
  /** Makes an access token expired (its refresh token still works, as on the real server). */
  expireToken(accessToken: string): void;
  /** What the user's own web session "unjoin" does: deletes the app's tokens and codes. */
  unjoin(login: string, clientId?: number): void;
  /** Token rows whose access token has not expired. */
  liveTokens(): PeerIdTokenRow[];
  /** The row holding this access or refresh token, if any. */
  findToken(token: string): PeerIdTokenRow | undefined;
  /** Authorization codes issued and not yet exchanged. */
  pendingCodes(): string[];
  stats(): PeerIdStats;
  addUser(user: PeerIdUser): void;
  addApp(app: PeerIdApp): void;
}

interface TokenRecord {
  id: number;
  token: string;
  refreshToken: string;
  expires: number;
  scope: number[];
  appId: number;
  userId: number;
  grantcodeId: number | null;
  createdAt: number;
  updatedAt: number;
}

interface GrantCode {
  id: number;
  code: string;
  appId: number;
  userId: number;
  scope: number[];
}

type FieldRule = { type: 'string' | 'integer'; required: boolean };

export async function startPeerIdServer(options: PeerIdServerOptions = {}): Promise<PeerIdServer> {
  const clock = createClock();
  const apps = new Map<number, PeerIdApp>();
  for (const app of options.apps ?? [PEERID_APP]) apps.set(app.id, { ...app });
  const users: Required<PeerIdUser>[] = [];
  const addUser = (user: PeerIdUser): void => {
    users.push({
      password: '',
      mobile: '',
      ...user,
      id: user.id ?? users.reduce((max, u) => Math.max(max, u.id), 0) + 1,
    });
  };
  for (const user of options.users ?? [PEERID_USER, PEERID_OTHER_USER]) addUser(user);

  const tokens: TokenRecord[] = [];
  const codes = new Map<string, GrantCode>();
  const joined = new Set<string>(); // `${userId}:${appId}`
  const sessions = new Map<string, number>(); // session id -> user id
  let nextTokenId = 1;
  let nextCodeId = 1;
  const stats: PeerIdStats = {
    passwordLogins: 0,
    codeExchanges: 0,
    refreshes: 0,
    operationsChecks: 0,
    approvals: 0,
    cancellations: 0,
  };

  // --- error bodies (docs/providers.md, "PeerID") ----------------------------------------------

  const validationError = (details: Record<string, string>, status: number | string = 400) =>
    json(400, {
      error: details,
      status: options.statusAsString ? String(status) : status,
    });
  const withStatus = (status: number, error: string): Reply =>
    json(status, options.statusIn401And500 ? { error, status } : { error });
  const unauthorized = (message: string) => withStatus(401, message);
  const serverError = () => withStatus(500, 'server side error');

  // --- model -----------------------------------------------------------------------------

  function expiryFromNow(): number {
    if (options.tokenLifetimeMs !== undefined) return clock.now() + options.tokenLifetimeMs;
    // peerid-backend: `new Date(year, month + 3, day)`, i.e. local midnight three months ahead.
    const today = new Date(clock.now());
    return new Date(today.getFullYear(), today.getMonth() + 3, today.getDate()).getTime();
  }

  function findUser(login: string): Required<PeerIdUser> | undefined {
    const wanted = login.toLowerCase();
    return users.find(
      (u) => u.username.toLowerCase() === wanted || u.email.toLowerCase() === wanted,
    );
  }

  /** `getSignInUser`: if both password and mobile are given, both must match. */
  function credentialsMatch(user: Required<PeerIdUser>, password?: string, mobile?: string) {
    if (password === undefined && mobile === undefined) return false;
    if (password !== undefined && (user.password === '' || user.password !== password))
      return false;
    if (mobile !== undefined && (user.mobile === '' || user.mobile !== mobile)) return false;
    return true;
  }

  function createToken(user: Required<PeerIdUser>, app: PeerIdApp, grant?: GrantCode) {
    const now = clock.now();
    const record: TokenRecord = {
      id: nextTokenId++,
      token: secretToken('access token'), // uid2(124)
      refreshToken: secretToken('refresh token'),
      expires: expiryFromNow(),
      scope: [...(grant?.scope ?? app.operations)],
      appId: app.id,
      userId: user.id,
      grantcodeId: grant?.id ?? null,
      createdAt: now,
      updatedAt: now,
    };
    tokens.push(record);
    joined.add(`${user.id}:${app.id}`);
    return record;
  }

  function toRow(record: TokenRecord): PeerIdTokenRow {
    return {
      id: record.id,
      token: record.token,
      refresh_token: record.refreshToken,
      expires: new Date(record.expires).toISOString(),
      scope: [...record.scope],
      app_id: record.appId,
      user_id: record.userId,
      grantcode_id: record.grantcodeId,
      createdAt: new Date(record.createdAt).toISOString(),
      updatedAt: new Date(record.updatedAt).toISOString(),
    };
  }

  const success = (record: TokenRecord) => json(200, { result: toRow(record), status: 200 });

  /**
   * Joi as peerid-backend uses it: each field validated on its own (`Joi.validate(value,
   * schema)`), so the label in every message is `"value"`; strings must be non-empty and
   * integers may arrive as numeric strings (form bodies).
   */
  function validate(
    fields: Record<string, unknown>,
    rules: Record<string, FieldRule>,
  ): { errors: Record<string, string>; values: Record<string, string | number | undefined> } {
    const errors: Record<string, string> = {};
    const values: Record<string, string | number | undefined> = {};
    for (const [name, rule] of Object.entries(rules)) {
      const value = fields[name];
      if (value === undefined) {
        if (rule.required) errors[name] = '"value" is required';
        continue;
      }
      if (rule.type === 'string') {
        if (typeof value !== 'string') errors[name] = '"value" must be a string';
        else if (value === '') errors[name] = '"value" is not allowed to be empty';
        else values[name] = value;
        continue;
      }
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || Number.isNaN(number)) {
        errors[name] = '"value" must be a number';
      } else if (!Number.isInteger(number)) errors[name] = '"value" must be an integer';
      else values[name] = number;
    }
    return { errors, values };
  }

  // --- API routes ------------------------------------------------------------------------

  /** `POST /api/v1/auth/token`: the validator reads the body only (the docs' query string is ignored). */
  function passwordLogin(request: StandInRequest): Reply {
    const { errors, values } = validate(request.body.fields, {
      login: { type: 'string', required: true },
      password: { type: 'string', required: false },
      mobile: { type: 'string', required: false },
      client_id: { type: 'integer', required: true },
    });
    if (Object.keys(errors).length) return validationError(errors);
    const login = values['login'] as string;
    const password = values['password'] as string | undefined;
    const mobile = values['mobile'] as string | undefined;
    const clientId = values['client_id'] as number;

    const user = findUser(login);
    if (!user) return validationError({ login: 'User not found' });
    if (password === undefined && mobile === undefined) {
      return validationError({
        mobile: 'Either mobile or password is required',
        password: 'Either mobile or password is required',
      });
    }
    if (options.rejectRejoin && joined.has(`${user.id}:${clientId}`)) {
      return validationError({ login: 'You have already joined this app' });
    }
    const app = apps.get(clientId);
    if (!app) return validationError({ client_id: 'App does not exist' });
    if (!credentialsMatch(user, password, mobile)) {
      return validationError({ login: 'Invalid email/username or password' });
    }
    stats.passwordLogins++;
    return success(createToken(user, app));
  }

  function authenticateApp(values: Record<string, string | number | undefined>) {
    const app = apps.get(values['client_id'] as number);
    return app && app.secret === values['client_secret'] ? app : undefined;
  }

  function exchange(request: StandInRequest): Reply {
    const { errors, values } = validate(request.body.fields, {
      code: { type: 'string', required: true },
      client_id: { type: 'integer', required: true },
      client_secret: { type: 'string', required: true },
    });
    if (Object.keys(errors).length) return validationError(errors);
    const app = authenticateApp(values);
    if (!app) return validationError({ client_id: 'client_id or client_secret invalid' });
    const grant = codes.get(values['code'] as string);
    if (!grant) return validationError({ code: 'invalid code' });
    if (grant.appId !== app.id) return validationError({ code: "code doesn't belong to this app" });
    const user = users.find((u) => u.id === grant.userId);
    if (!user) return serverError();
    codes.delete(grant.code); // single use
    stats.codeExchanges++;
    return success(createToken(user, app, grant));
  }

  function refresh(request: StandInRequest): Reply {
    const { errors, values } = validate(request.body.fields, {
      refresh_token: { type: 'string', required: true },
      client_id: { type: 'integer', required: true },
      client_secret: { type: 'string', required: true },
    });
    if (Object.keys(errors).length) return validationError(errors);
    const app = authenticateApp(values);
    if (!app) return validationError({ client_id: 'client_id or client_secret invalid' });
    const record = tokens.find(
      (t) => t.appId === app.id && t.refreshToken === values['refresh_token'],
    );
    if (!record) return validationError({ refresh_token: 'invalid refresh token' });
    // Rotates both tokens on the same row; the old refresh token is gone.
    record.token = secretToken('access token');
    record.refreshToken = secretToken('refresh token');
    record.expires = expiryFromNow();
    record.updatedAt = clock.now();
    stats.refreshes++;
    return success(record);
  }

  /**
   * `POST /api/v1/app/operations`: the token check (headers `Authorization` and `ClientID`)
   * runs before the body is validated, so `{}` tells a live token (400 about `operations`)
   * from a dead one (401). The stand-in never broadcasts anything.
   */
  function operations(request: StandInRequest): Reply {
    stats.operationsChecks++;
    const authorization = header(request, 'authorization');
    const clientId = header(request, 'clientid');
    if (!authorization || !clientId) return unauthorized('unauthorized');
    const parts = authorization.split(' ');
    // The source's check is `length !== 2 && parts[0] !== 'Bearer'` (sic).
    if (parts.length !== 2 && parts[0] !== 'Bearer') return unauthorized('Authorization invalid');
    const record = tokens.find(
      (t) =>
        String(t.appId) === clientId.trim() && t.token === parts[1] && t.expires >= clock.now(),
    );
    if (!record) return unauthorized('Access Token invalid or expired');

    const ops = request.body.fields['operations'];
    if (ops === undefined) return validationError({ operations: '"value" is required' });
    if (!Array.isArray(ops)) return validationError({ operations: '"value" must be an array' });
    // Always the string "400" here in the source.
    if (ops.length > 0) return validationError({ op_name: 'Operation invalid' }, '400');
    return serverError();
  }

  // --- consent page ----------------------------------------------------------------------

  /** Registrable domain of a redirect, or undefined when it has none (see `redirectCheck`). */
  function redirectDomain(uri: URL): string | undefined {
    const host = uri.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    const psl = options.redirectCheck === 'psl';
    if (host === '') return psl ? undefined : uri.protocol.slice(0, -1).toLowerCase();
    const isIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
    if (isIp || !host.includes('.')) return psl ? undefined : host;
    return host.split('.').slice(-2).join('.');
  }

  type ConsentCheck =
    | { ok: true; app: PeerIdApp; redirectUri: string; state: string | undefined }
    | { ok: false; reply: Reply };

  /** What the consent page checks, with its messages; the page strips `#…` from both values. */
  function checkConsentRequest(params: Record<string, unknown>): ConsentCheck {
    const fail = (message: string): ConsentCheck => ({
      ok: false,
      reply: html(400, page('Error', `<p class="error">${escapeHtml(message)}</p>`)),
    });
    const clientId = Number(params['client_id']);
    const app = Number.isInteger(clientId) ? apps.get(clientId) : undefined;
    if (!app) return fail('App does not exist.');
    const rawRedirect = params['redirect_uri'];
    if (typeof rawRedirect !== 'string' || rawRedirect === '') {
      return fail('Please provide a redirect uri');
    }
    let uri: URL;
    try {
      uri = new URL(rawRedirect);
    } catch {
      return fail('Redirect URI is invalid');
    }
    const domain = redirectDomain(uri);
    if (!domain || !app.domains.some((d) => d.toLowerCase() === domain)) {
      return fail('Redirect URI is invalid');
    }
    const hash = rawRedirect.lastIndexOf('#');
    const redirectUri = hash >= 0 ? rawRedirect.slice(0, hash) : rawRedirect;
    let state =
      typeof params['state'] === 'string' && params['state'] ? params['state'] : undefined;
    if (state?.includes('#')) state = state.slice(0, state.lastIndexOf('#'));
    return { ok: true, app, redirectUri, state };
  }

  /**
   * The consent page's approval: `${redirect_uri}?code=${code}&state=${state}`, appended
   * without URL-encoding (a second `?` if the redirect already has a query). Only what a
   * header cannot carry (non-ASCII, control characters) is percent-encoded, as a browser would.
   */
  function approve(
    app: PeerIdApp,
    user: Required<PeerIdUser>,
    redirectUri: string,
    state?: string,
  ) {
    const grant: GrantCode = {
      id: nextCodeId++,
      code: randomToken(24), // uid2(24)
      appId: app.id,
      userId: user.id,
      scope: [...app.operations],
    };
    codes.set(grant.code, grant);
    joined.add(`${user.id}:${app.id}`);
    stats.approvals++;
    let target = `${redirectUri}?code=${grant.code}`;
    if (state) target += `&state=${state}`;
    return target.replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
  }

  function cancelled(): Reply {
    // The page's Cancel goes to the PeerID dashboard: the app is never called back.
    stats.cancellations++;
    return html(200, page('Dashboard', '<h1>Dashboard</h1><p>No app was authorized.</p>'));
  }

  function sessionUser(request: StandInRequest) {
    const sid = request.cookies[PEERID_SESSION_COOKIE];
    const id = sid ? sessions.get(sid) : undefined;
    return id === undefined ? undefined : users.find((u) => u.id === id);
  }

  function consentForm(
    check: Extract<ConsentCheck, { ok: true }>,
    user: Required<PeerIdUser> | undefined,
    error?: string,
  ): string {
    const hidden = (name: string, value: string | undefined) =>
      value === undefined
        ? ''
        : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
    const signIn = user
      ? `<h5>Logged in as : <span>${escapeHtml(user.username)}</span></h5>`
      : '<label>Username or email <input name="login" autocomplete="username"></label>' +
        '<label>Password <input name="password" type="password"></label>';
    const ops = check.app.operations.map((op) => `<li>operation ${op}</li>`).join('');
    return page(
      'Permissions',
      `<form method="post" action="/permissions">` +
        hidden('client_id', String(check.app.id)) +
        hidden('redirect_uri', check.redirectUri) +
        hidden('state', check.state) +
        signIn +
        `<p>${escapeHtml(check.app.name ?? 'App')} requests permission to execute the following ` +
        `transactions on your behalf on the Peerplays Blockchain:</p><ol>${ops}</ol>` +
        (error ? `<p class="error">${escapeHtml(error)}</p>` : '') +
        '<button type="submit" name="decision" value="approve">ALLOW</button> ' +
        '<button type="submit" name="decision" value="cancel">CANCEL</button>' +
        '</form>',
    );
  }

  function permissionsPage(request: StandInRequest): Reply {
    const check = checkConsentRequest(Object.fromEntries(request.query));
    if (!check.ok) return check.reply;
    const testAccount = header(request, TEST_ACCOUNT_HEADER);
    if (testAccount !== undefined) {
      if (header(request, TEST_CONSENT_HEADER) === 'cancel') return cancelled();
      const user = findUser(testAccount);
      if (!user) return html(400, page('Error', '<p class="error">User not found</p>'));
      return redirect(302, approve(check.app, user, check.redirectUri, check.state));
    }
    return html(200, consentForm(check, sessionUser(request)));
  }

  function submitPermissions(request: StandInRequest): Reply {
    const fields = request.body.fields;
    const check = checkConsentRequest(fields);
    if (!check.ok) return check.reply;
    if (fields['decision'] === 'cancel') return cancelled();
    let user = sessionUser(request);
    const headers: Record<string, string> = {};
    if (!user) {
      const login = typeof fields['login'] === 'string' ? fields['login'] : '';
      const password = typeof fields['password'] === 'string' ? fields['password'] : undefined;
      const candidate = findUser(login);
      if (!candidate || !credentialsMatch(candidate, password || undefined)) {
        return html(400, consentForm(check, undefined, 'Invalid email/username or password'));
      }
      user = candidate;
      const sid = randomToken(32);
      sessions.set(sid, user.id);
      headers['set-cookie'] = `${PEERID_SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax`;
    }
    return redirect(302, approve(check.app, user, check.redirectUri, check.state), headers);
  }

  // --- dispatch --------------------------------------------------------------------------

  async function handle(request: StandInRequest): Promise<Reply> {
    const route = `${request.method} ${request.path}`;
    if (
      request.body.kind === 'invalid-json' &&
      request.method === 'POST' &&
      request.path.startsWith('/api/')
    ) {
      // body-parser rejects it before any route runs; Express answers with its HTML error page.
      return html(400, page('Error', '<pre>SyntaxError: Unexpected token in JSON</pre>'));
    }
    switch (route) {
      case 'POST /api/v1/auth/token':
        return passwordLogin(request);
      case 'POST /api/v1/auth/exchange':
        return exchange(request);
      case 'POST /api/v1/auth/refreshtoken':
        return refresh(request);
      case 'POST /api/v1/app/operations':
        return operations(request);
      case 'GET /permissions':
        return permissionsPage(request);
      case 'POST /permissions':
        return submitPermissions(request);
      default:
        // The catch-all route throws MethodNotAllowedError. No revoke endpoint exists.
        return json(405, { error: 'Method not allowed', status: 405 });
    }
  }

  const server = await startStandInServer({
    port: options.port,
    faults: options.faults,
    handle,
    serverError,
    defaultFaultField: () => 'result.token',
    accountOf: (request) => {
      const value = bearerToken(request) ?? request.body.fields['refresh_token'];
      const record =
        typeof value === 'string'
          ? tokens.find((t) => t.token === value || t.refreshToken === value)
          : undefined;
      if (record) return `user:${record.userId}`;
      const login = request.body.fields['login'];
      const user = typeof login === 'string' ? findUser(login) : undefined;
      return user ? `user:${user.id}` : undefined;
    },
  });

  const userByLogin = (login: string) => {
    const user = findUser(login);
    if (!user) throw new Error(`no PeerID user ${login}`);
    return user;
  };

  return {
    ...standInBasics(server),
    clock,
    permissionsUrl({ clientId = PEERID_CLIENT_ID, redirectUri, state }) {
      const url = new URL('/permissions', server.baseUrl);
      url.searchParams.set('client_id', String(clientId));
      url.searchParams.set('redirect_uri', redirectUri);
      if (state !== undefined) url.searchParams.set('state', state);
      return url.href;
    },
    issueTokens({ login, clientId = PEERID_CLIENT_ID }) {
      const app = apps.get(clientId);
      if (!app) throw new Error(`no PeerID app ${clientId}`);
      return toRow(createToken(userByLogin(login), app));
    },
    expireToken(accessToken) {
      const record = tokens.find((t) => t.token === accessToken);
      if (!record) throw new Error('unknown PeerID access token');
      record.expires = clock.now() - 1000;
    },
    unjoin(login, clientId = PEERID_CLIENT_ID) {
      const user = userByLogin(login);
      for (let i = tokens.length - 1; i >= 0; i--) {
        if (tokens[i]!.userId === user.id && tokens[i]!.appId === clientId) tokens.splice(i, 1);
      }
      for (const [code, grant] of codes) {
        if (grant.userId === user.id && grant.appId === clientId) codes.delete(code);
      }
      joined.delete(`${user.id}:${clientId}`);
    },
    liveTokens: () => tokens.filter((t) => t.expires >= clock.now()).map(toRow),
    findToken(token) {
      const record = tokens.find((t) => t.token === token || t.refreshToken === token);
      return record && toRow(record);
    },
    pendingCodes: () => [...codes.keys()],
    stats: () => ({ ...stats }),
    addUser,
    addApp(app) {
      apps.set(app.id, { ...app });
    },
  };
}

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<title>PeerID - ${escapeHtml(title)}</title></head><body>${body}</body></html>`
  );
}
