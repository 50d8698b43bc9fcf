/**
 * Contract of the PeerID stand-in: what the PeerID adapter is written against
 * (docs/providers.md, "PeerID (Peerplays)").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PEERID_APP,
  PEERID_CLIENT_ID,
  PEERID_CLIENT_SECRET,
  PEERID_OTHER_USER,
  PEERID_SESSION_COOKIE,
  PEERID_USER,
  startPeerIdServer,
  type PeerIdServer,
  type PeerIdTokenRow,
} from '../../servers/peerid-server.ts';
import { days, ownServer, postForm, postJson, send, type Sent } from './http.ts';

let server: PeerIdServer;
beforeAll(async () => {
  server = await startPeerIdServer();
});
afterAll(async () => {
  await server.close();
});

const CLIENT = String(PEERID_CLIENT_ID);
const REDIRECT = 'http://127.0.0.1:53682/callback';

function login(fields: Record<string, string>, target = server): Promise<Sent> {
  return postForm(`${target.baseUrl}/api/v1/auth/token`, fields);
}

async function loginAlice(target = server): Promise<PeerIdTokenRow> {
  const res = await login(
    { login: PEERID_USER.username, password: PEERID_USER.password, client_id: CLIENT },
    target,
  );
  expect(res.status).toBe(200);
  return (res.body as { result: PeerIdTokenRow }).result;
}

function operations(token: string, clientId: string | null = CLIENT, target = server) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (clientId !== null) headers['clientid'] = clientId;
  return postJson(`${target.baseUrl}/api/v1/app/operations`, {}, headers);
}

function refresh(fields: Record<string, string>) {
  return postForm(`${server.baseUrl}/api/v1/auth/refreshtoken`, fields);
}

function codeFrom(location: string): string {
  return /[?&]code=([A-Za-z0-9]+)/.exec(location)![1]!;
}

async function approveAs(user: string, redirectUri = REDIRECT, state = 'st4te'): Promise<string> {
  const res = await send(server.permissionsUrl({ redirectUri, state }), {
    headers: { 'x-test-account': user },
  });
  expect(res.status).toBe(302);
  return res.headers.get('location')!;
}

describe('password login: POST /api/v1/auth/token', () => {
  it('returns the database row in {result, status:200} with integer scope and ISO expiry', async () => {
    const before = Date.now();
    const res = await login({
      login: PEERID_USER.username,
      password: PEERID_USER.password,
      client_id: CLIENT,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = res.body as { result: PeerIdTokenRow; status: number };
    expect(body.status).toBe(200);
    expect(Object.keys(body.result).sort()).toEqual(
      [
        'app_id',
        'createdAt',
        'expires',
        'grantcode_id',
        'id',
        'refresh_token',
        'scope',
        'token',
        'updatedAt',
        'user_id',
      ].sort(),
    );
    const row = body.result;
    expect(row.token).toMatch(/^[A-Za-z0-9]{124}$/);
    expect(row.refresh_token).toMatch(/^[A-Za-z0-9]{124}$/);
    expect(row.scope).toEqual(PEERID_APP.operations);
    expect(row.scope.every((op) => Number.isInteger(op))).toBe(true);
    expect(row.app_id).toBe(PEERID_CLIENT_ID);
    expect(row.user_id).toBe(PEERID_USER.id);
    expect(row.grantcode_id).toBeNull();
    expect(row.expires).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // Local midnight three calendar months ahead.
    const expires = Date.parse(row.expires);
    expect(expires - before).toBeGreaterThan(days(88));
    expect(expires - before).toBeLessThan(days(93));
  });

  it('accepts a JSON body, an email as login, and mobile instead of password', async () => {
    const json = await postJson(`${server.baseUrl}/api/v1/auth/token`, {
      login: PEERID_USER.email,
      mobile: PEERID_USER.mobile,
      client_id: PEERID_CLIENT_ID,
    });
    expect(json.status).toBe(200);
    expect((json.body as { result: PeerIdTokenRow }).result.user_id).toBe(PEERID_USER.id);
  });

  it('ignores the query string the docs show: credentials only there are missing', async () => {
    const query = new URLSearchParams({
      login: PEERID_USER.username,
      password: PEERID_USER.password,
      client_id: CLIENT,
    });
    const res = await send(`${server.baseUrl}/api/v1/auth/token?${query.toString()}`, {
      method: 'POST',
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: { login: '"value" is required', client_id: '"value" is required' },
      status: 400,
    });
  });

  it('answers field-level errors in {error:{field:message}, status:400}', async () => {
    const wrongPassword = await login({
      login: PEERID_USER.username,
      password: 'nope',
      client_id: CLIENT,
    });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.text).toBe(
      '{"error":{"login":"Invalid email/username or password"},"status":400}',
    );

    const wrongMobile = await login({
      login: PEERID_USER.username,
      password: PEERID_USER.password,
      mobile: '000',
      client_id: CLIENT,
    });
    expect(wrongMobile.body).toEqual({
      error: { login: 'Invalid email/username or password' },
      status: 400,
    });

    expect((await login({ login: 'nobody', password: 'x', client_id: CLIENT })).body).toEqual({
      error: { login: 'User not found' },
      status: 400,
    });
    expect((await login({ login: PEERID_USER.username, client_id: CLIENT })).body).toEqual({
      error: {
        mobile: 'Either mobile or password is required',
        password: 'Either mobile or password is required',
      },
      status: 400,
    });
    expect(
      (
        await login({
          login: PEERID_USER.username,
          password: PEERID_USER.password,
          client_id: '999',
        })
      ).body,
    ).toEqual({ error: { client_id: 'App does not exist' }, status: 400 });
    expect(
      (await login({ login: PEERID_USER.username, password: PEERID_USER.password, client_id: 'x' }))
        .body,
    ).toEqual({ error: { client_id: '"value" must be a number' }, status: 400 });
  });

  it('answers a malformed JSON body with Express’s HTML 400 page', async () => {
    const res = await send(`${server.baseUrl}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"login":',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('can send status as the string "400"', async () => {
    const other = await ownServer(startPeerIdServer({ statusAsString: true }));
    const res = await login(
      { login: PEERID_USER.username, password: 'no', client_id: CLIENT },
      other,
    );
    expect(res.status).toBe(400);
    expect(res.text).toBe(
      '{"error":{"login":"Invalid email/username or password"},"status":"400"}',
    );
  });

  it('optionally rejects a second login to an app the user already joined (source quirk)', async () => {
    const other = await ownServer(startPeerIdServer({ rejectRejoin: true }));
    expect((await loginAlice(other)).token).toBeTruthy();
    const again = await login(
      { login: PEERID_USER.username, password: PEERID_USER.password, client_id: CLIENT },
      other,
    );
    expect(again.body).toEqual({
      error: { login: 'You have already joined this app' },
      status: 400,
    });
  });

  it('honours tokenLifetimeMs', async () => {
    const other = await ownServer(startPeerIdServer({ tokenLifetimeMs: 60_000 }));
    const row = await loginAlice(other);
    expect(Date.parse(row.expires) - Date.now()).toBeLessThanOrEqual(60_000);
    expect(Date.parse(row.expires) - Date.now()).toBeGreaterThan(55_000);
  });
});

describe('consent page: GET /permissions', () => {
  it('serves an HTML form with Allow and Cancel and does not redirect by itself', async () => {
    const res = await send(server.permissionsUrl({ redirectUri: REDIRECT, state: 'abc' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('location')).toBeNull();
    expect(res.text).toContain('<form method="post" action="/permissions">');
    expect(res.text).toContain('name="decision" value="approve"');
    expect(res.text).toContain('name="decision" value="cancel"');
    expect(res.text).toContain(`name="client_id" value="${PEERID_CLIENT_ID}"`);
    expect(res.text).toContain(`name="redirect_uri" value="${REDIRECT}"`);
    expect(res.text).toContain('name="state" value="abc"');
    expect(res.text).toContain('name="login"');
  });

  it('approval appends ?code=…&state=… to the redirect without URL-encoding', async () => {
    const redirectUri = 'http://127.0.0.1:53682/cb?from=app';
    const state = 'st/ate+1 2';
    const res = await postForm(`${server.baseUrl}/permissions`, {
      client_id: CLIENT,
      redirect_uri: redirectUri,
      state,
      login: PEERID_USER.username,
      password: PEERID_USER.password,
      decision: 'approve',
    });
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    const code = codeFrom(location);
    expect(code).toMatch(/^[A-Za-z0-9]{24}$/);
    // A second `?`, and the state exactly as decoded from the request.
    expect(location).toBe(`http://127.0.0.1:53682/cb?from=app?code=${code}&state=st/ate+1 2`);
    expect(server.pendingCodes()).toContain(code);

    // The form sign-in left a session: the page now shows who is logged in.
    const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(cookie.startsWith(`${PEERID_SESSION_COOKIE}=`)).toBe(true);
    const again = await send(server.permissionsUrl({ redirectUri: REDIRECT }), {
      headers: { cookie },
    });
    expect(again.text).toContain('Logged in as : <span>alice</span>');
    expect(again.text).not.toContain('name="login"');
  });

  it('omits &state= when no state was sent', async () => {
    const location = await approveAs(PEERID_USER.username, REDIRECT, '');
    expect(location).toMatch(/^http:\/\/127\.0\.0\.1:53682\/callback\?code=[A-Za-z0-9]{24}$/);
  });

  it('strips a #fragment from redirect_uri and state, as the page does', async () => {
    const location = await approveAs(PEERID_USER.email, `${REDIRECT}#frag`, 'xyz#tail');
    expect(location).toBe(`${REDIRECT}?code=${codeFrom(location)}&state=xyz`);
  });

  it('headless approval with x-test-account, as the named user', async () => {
    const location = await approveAs(PEERID_OTHER_USER.username);
    const exchanged = await postForm(`${server.baseUrl}/api/v1/auth/exchange`, {
      code: codeFrom(location),
      client_id: CLIENT,
      client_secret: PEERID_CLIENT_SECRET,
    });
    expect((exchanged.body as { result: PeerIdTokenRow }).result.user_id).toBe(
      PEERID_OTHER_USER.id,
    );
  });

  it('Cancel never sends the browser back to the app', async () => {
    const before = server.stats().cancellations;
    const posted = await postForm(`${server.baseUrl}/permissions`, {
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      state: 's',
      decision: 'cancel',
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('location')).toBeNull();
    expect(posted.text).not.toContain(REDIRECT);
    expect(posted.text).not.toContain('access_denied');

    const headless = await send(server.permissionsUrl({ redirectUri: REDIRECT, state: 's' }), {
      headers: { 'x-test-account': PEERID_USER.username, 'x-test-consent': 'cancel' },
    });
    expect(headless.status).toBe(200);
    expect(headless.headers.get('location')).toBeNull();
    expect(server.stats().cancellations).toBe(before + 2);
  });

  it('rejects a wrong password on the form without redirecting', async () => {
    const res = await postForm(`${server.baseUrl}/permissions`, {
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      login: PEERID_USER.username,
      password: 'wrong',
      decision: 'approve',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.text).toContain('Invalid email/username or password');
  });

  it('checks the redirect against the registered domains (400 page otherwise)', async () => {
    const bad = await send(server.permissionsUrl({ redirectUri: 'https://evil.example.net/cb' }), {
      headers: { 'x-test-account': PEERID_USER.username },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^text\/html/);
    expect(bad.headers.get('location')).toBeNull();
    expect(bad.text).toContain('Redirect URI is invalid');

    // Registrable domain: a subdomain of a registered domain passes.
    expect(await approveAs(PEERID_USER.username, 'https://app.tokendesk.example/cb')).toMatch(
      /^https:\/\/app\.tokendesk\.example\/cb\?code=/,
    );
    // Lenient default: a registered private-use scheme passes.
    expect(await approveAs(PEERID_USER.username, 'io.github.tokendesk:/oauth/callback')).toMatch(
      /^io\.github\.tokendesk:\/oauth\/callback\?code=/,
    );

    const unknownApp = await send(server.permissionsUrl({ clientId: 999, redirectUri: REDIRECT }));
    expect(unknownApp.status).toBe(400);
    expect(unknownApp.text).toContain('App does not exist.');
    const noRedirect = await send(`${server.baseUrl}/permissions?client_id=${CLIENT}`);
    expect(noRedirect.status).toBe(400);
    expect(noRedirect.text).toContain('Please provide a redirect uri');
  });

  it('redirectCheck "psl" rejects loopback IPs, localhost and private-use schemes', async () => {
    const strict = await ownServer(
      startPeerIdServer({
        redirectCheck: 'psl',
        apps: [{ ...PEERID_APP, domains: ['127.0.0.1', 'localhost', 'io.github.tokendesk'] }],
      }),
    );
    for (const redirectUri of [
      REDIRECT,
      'http://localhost:53682/callback',
      'io.github.tokendesk:/oauth/callback',
    ]) {
      const res = await send(strict.permissionsUrl({ redirectUri }), {
        headers: { 'x-test-account': PEERID_USER.username },
      });
      expect(res.status, redirectUri).toBe(400);
    }
  });
});

describe('code exchange: POST /api/v1/auth/exchange', () => {
  it('exchanges a code once for a token row linked to the grant code', async () => {
    const code = codeFrom(await approveAs(PEERID_USER.username));
    const fields = { code, client_id: CLIENT, client_secret: PEERID_CLIENT_SECRET };
    const res = await postForm(`${server.baseUrl}/api/v1/auth/exchange`, fields);
    expect(res.status).toBe(200);
    const { result, status } = res.body as { result: PeerIdTokenRow; status: number };
    expect(status).toBe(200);
    expect(result.grantcode_id).toEqual(expect.any(Number));
    expect(result.scope).toEqual(PEERID_APP.operations);
    expect(server.pendingCodes()).not.toContain(code);

    const replay = await postForm(`${server.baseUrl}/api/v1/auth/exchange`, fields);
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual({ error: { code: 'invalid code' }, status: 400 });
  });

  it('needs the client secret', async () => {
    const code = codeFrom(await approveAs(PEERID_USER.username));
    const missing = await postForm(`${server.baseUrl}/api/v1/auth/exchange`, {
      code,
      client_id: CLIENT,
    });
    expect(missing.body).toEqual({ error: { client_secret: '"value" is required' }, status: 400 });
    const wrong = await postForm(`${server.baseUrl}/api/v1/auth/exchange`, {
      code,
      client_id: CLIENT,
      client_secret: 'x'.repeat(42),
    });
    expect(wrong.body).toEqual({
      error: { client_id: 'client_id or client_secret invalid' },
      status: 400,
    });
  });

  it("refuses another app's code", async () => {
    const otherApp = { ...PEERID_APP, id: 18, secret: 'S'.repeat(42) };
    server.addApp(otherApp);
    const code = codeFrom(await approveAs(PEERID_USER.username));
    const res = await postForm(`${server.baseUrl}/api/v1/auth/exchange`, {
      code,
      client_id: '18',
      client_secret: otherApp.secret,
    });
    expect(res.body).toEqual({ error: { code: "code doesn't belong to this app" }, status: 400 });
  });
});

describe('refresh: POST /api/v1/auth/refreshtoken', () => {
  it('rotates both tokens; the old refresh token and old access token stop working', async () => {
    const first = await loginAlice();
    const before = server.stats().refreshes;
    const res = await refresh({
      refresh_token: first.refresh_token,
      client_id: CLIENT,
      client_secret: PEERID_CLIENT_SECRET,
    });
    expect(res.status).toBe(200);
    const second = (res.body as { result: PeerIdTokenRow }).result;
    expect(second.id).toBe(first.id); // same row, updated
    expect(second.token).not.toBe(first.token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(Date.parse(second.updatedAt)).toBeGreaterThanOrEqual(Date.parse(first.updatedAt));
    expect(server.stats().refreshes).toBe(before + 1);

    const replay = await refresh({
      refresh_token: first.refresh_token,
      client_id: CLIENT,
      client_secret: PEERID_CLIENT_SECRET,
    });
    expect(replay.status).toBe(400);
    expect(replay.text).toBe('{"error":{"refresh_token":"invalid refresh token"},"status":400}');

    expect((await operations(first.token)).status).toBe(401);
    expect((await operations(second.token)).status).toBe(400);
    expect(server.findToken(first.refresh_token)).toBeUndefined();
    expect(server.findToken(second.refresh_token)?.token).toBe(second.token);
  });

  it('cannot refresh without the client secret', async () => {
    const row = await loginAlice();
    const res = await refresh({ refresh_token: row.refresh_token, client_id: CLIENT });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { client_secret: '"value" is required' }, status: 400 });
  });

  it('refreshes an expired access token', async () => {
    const row = await loginAlice();
    server.expireToken(row.token);
    expect((await operations(row.token)).status).toBe(401);
    const res = await refresh({
      refresh_token: row.refresh_token,
      client_id: CLIENT,
      client_secret: PEERID_CLIENT_SECRET,
    });
    expect(res.status).toBe(200);
    expect((await operations((res.body as { result: PeerIdTokenRow }).result.token)).status).toBe(
      400,
    );
  });
});

describe('validity check: POST /api/v1/app/operations with {}', () => {
  it('a live token gets 400 about operations (nothing is executed)', async () => {
    const row = await loginAlice();
    const res = await operations(row.token);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { operations: '"value" is required' }, status: 400 });
  });

  it('a bad or expired token gets 401 {"error":"Access Token invalid or expired"}', async () => {
    const bad = await operations('not-a-token');
    expect(bad.status).toBe(401);
    expect(bad.text).toBe('{"error":"Access Token invalid or expired"}');

    const row = await loginAlice();
    server.expireToken(row.token);
    expect((await operations(row.token)).text).toBe('{"error":"Access Token invalid or expired"}');
  });

  it('expires with the server clock', async () => {
    const other = await ownServer(startPeerIdServer());
    const row = await loginAlice(other);
    expect((await operations(row.token, CLIENT, other)).status).toBe(400);
    other.clock.advance(days(95));
    expect((await operations(row.token, CLIENT, other)).status).toBe(401);
    expect(other.liveTokens()).toEqual([]);
  });

  it('needs both Authorization and ClientID headers, and the ClientID of the token’s app', async () => {
    const row = await loginAlice();
    const noClientId = await operations(row.token, null);
    expect(noClientId.status).toBe(401);
    expect(noClientId.body).toEqual({ error: 'unauthorized' });

    const noAuth = await postJson(
      `${server.baseUrl}/api/v1/app/operations`,
      {},
      { clientid: CLIENT },
    );
    expect(noAuth.status).toBe(401);

    const otherApp = await operations(row.token, '18');
    expect(otherApp.status).toBe(401);
    expect(otherApp.body).toEqual({ error: 'Access Token invalid or expired' });
  });

  it('can add "status" to 401 and 500 bodies', async () => {
    const other = await ownServer(startPeerIdServer({ statusIn401And500: true }));
    const res = await operations('nope', CLIENT, other);
    expect(res.body).toEqual({ error: 'Access Token invalid or expired', status: 401 });
    other.failNext('server-error');
    const failed = await login({ login: 'alice', password: 'x', client_id: CLIENT }, other);
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ error: 'server side error', status: 500 });
  });

  it('refuses operations it cannot check with status "400" as a string', async () => {
    const row = await loginAlice();
    const res = await postJson(
      `${server.baseUrl}/api/v1/app/operations`,
      { operations: [{ op_name: 'transfer' }] },
      { authorization: `Bearer ${row.token}`, clientid: CLIENT },
    );
    expect(res.body).toEqual({ error: { op_name: 'Operation invalid' }, status: '400' });
  });
});

describe('other routes and controls', () => {
  it('has no revoke endpoint', async () => {
    const row = await loginAlice();
    for (const path of ['/api/v1/auth/revoke', '/api/v1/auth/logout-app']) {
      const res = await postForm(`${server.baseUrl}${path}`, { token: row.token });
      expect(res.status).toBe(405);
    }
    expect((await operations(row.token)).status).toBe(400);
  });

  it('unjoin (the user’s own web session) deletes the app’s tokens', async () => {
    const other = await ownServer(startPeerIdServer());
    const row = await loginAlice(other);
    expect(other.liveTokens().map((t) => t.token)).toEqual([row.token]);
    other.unjoin(PEERID_USER.username);
    expect(other.liveTokens()).toEqual([]);
    expect((await operations(row.token, CLIENT, other)).status).toBe(401);
  });

  it('issueTokens mints a usable row; stats and the request log reflect the calls', async () => {
    const other = await ownServer(startPeerIdServer());
    const row = other.issueTokens({ login: PEERID_USER.email });
    expect((await operations(row.token, CLIENT, other)).status).toBe(400);
    await loginAlice(other);
    expect(other.stats()).toMatchObject({ passwordLogins: 1, operationsChecks: 1 });
    const logged = other.requests.find((r) => r.path === '/api/v1/auth/token')!;
    expect(logged.body.kind).toBe('form');
    expect(logged.body.fields).toMatchObject({ login: 'alice', client_id: CLIENT });
  });
});
