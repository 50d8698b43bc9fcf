/**
 * Contract of the Pi Network stand-in: `GET /v2/me` verifies an opaque token pasted from the
 * Pi Browser (docs/providers.md, "Pi Network").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PI_DEFAULT_UID,
  PI_DEFAULT_USERNAME,
  startPiServer,
  type PiServer,
} from '../../servers/pi-server.ts';
import { ownServer, send } from './http.ts';

let server: PiServer;
beforeAll(async () => {
  server = await startPiServer();
});
afterAll(async () => {
  await server.close();
});

function me(token: string | undefined, target = server) {
  return send(`${target.baseUrl}/v2/me`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

describe('GET /v2/me', () => {
  it('answers the flat object with credentials.scopes and valid_until', async () => {
    const validUntil = Date.UTC(2031, 0, 2, 3, 4, 5, 678);
    const token = server.issueToken({
      uid: 'uid-123',
      username: 'pioneer',
      scopes: ['username', 'payments'],
      validUntil,
    });
    const res = await me(token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      uid: 'uid-123',
      username: 'pioneer',
      credentials: {
        scopes: ['username', 'payments'],
        valid_until: { timestamp: 1925089445, iso8601: '2031-01-02T03:04:05Z' },
      },
    });
  });

  it('returns username only with the username scope', async () => {
    const token = server.issueToken({ scopes: ['payments'] });
    const res = await me(token);
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('username');
    expect(res.body).toMatchObject({ uid: PI_DEFAULT_UID, credentials: { scopes: ['payments'] } });
  });

  it('issues opaque tokens, not JWTs', () => {
    const token = server.issueToken();
    expect(token.split('.')).toHaveLength(1);
    expect(token.length).toBeGreaterThanOrEqual(40);
  });

  it('401 for missing, unknown, tampered, expired and revoked tokens', async () => {
    const token = server.issueToken();
    expect((await me(token)).status).toBe(200);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const past = server.issueToken({ validUntil: new Date(Date.now() - 1000) });
    const expired = server.issueToken();
    server.expireToken(expired);
    const revoked = server.issueToken();
    server.revokeToken(revoked);
    for (const bad of [undefined, 'unknown-token', tampered, past, expired, revoked]) {
      const res = await me(bad);
      expect(res.status, String(bad)).toBe(401);
      expect(res.body).toEqual({
        error: 'unauthorized',
        error_message: 'The access token is invalid, tampered with or expired',
      });
    }
    expect(server.liveTokens().map((t) => t.token)).toContain(token);
    expect(server.liveTokens().map((t) => t.token)).not.toContain(revoked);
  });

  it('expires with the server clock', async () => {
    const other = await ownServer(startPiServer());
    const token = other.issueToken(); // one hour by default
    expect((await me(token, other)).status).toBe(200);
    other.clock.advance(3600_000);
    expect((await me(token, other)).status).toBe(401);
  });

  it('has no other routes (no refresh, no revoke)', async () => {
    const token = server.issueToken();
    for (const path of ['/v2/me/refresh', '/v2/oauth/token', '/v2/revoke']) {
      const res = await send(`${server.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(404);
    }
  });

  it('counts calls', async () => {
    const other = await ownServer(startPiServer());
    await me(other.issueToken(), other);
    await me('nope', other);
    expect(other.stats()).toEqual({ meCalls: 2, meAuthorized: 1, meRejected: 1 });
    expect(other.requests.map((r) => r.headers.authorization)).toEqual([
      expect.stringMatching(/^Bearer /),
      'Bearer nope',
    ]);
  });
});

describe('unconfirmed behaviours are switchable', () => {
  it('valid_until.timestamp in milliseconds', async () => {
    const other = await ownServer(startPiServer({ timestampUnits: 'milliseconds' }));
    const token = other.issueToken({ validUntil: Date.UTC(2031, 0, 2, 3, 4, 5) });
    expect((await me(token, other)).body).toMatchObject({
      credentials: { valid_until: { timestamp: 1925089445000, iso8601: '2031-01-02T03:04:05Z' } },
    });
  });

  it('the older {uid, username, roles} shape without credentials', async () => {
    const other = await ownServer(startPiServer({ shape: 'legacy' }));
    const token = other.issueToken({ roles: ['email_verified'] });
    expect((await me(token, other)).body).toEqual({
      uid: PI_DEFAULT_UID,
      username: PI_DEFAULT_USERNAME,
      roles: ['email_verified'],
    });
  });

  it("the docs' nested {user:{uid, username}} shape", async () => {
    const other = await ownServer(startPiServer({ shape: 'nested' }));
    expect((await me(other.issueToken(), other)).body).toEqual({
      user: { uid: PI_DEFAULT_UID, username: PI_DEFAULT_USERNAME },
    });
  });

  it('the 401 body: empty, plain text or anything else; the status stays 401', async () => {
    const other = await ownServer(startPiServer({ unauthorizedBody: 'empty' }));
    const empty = await me('bad', other);
    expect(empty.status).toBe(401);
    expect(empty.text).toBe('');

    other.configure({ unauthorizedBody: 'plain' });
    const plain = await me('bad', other);
    expect(plain.status).toBe(401);
    expect(plain.headers.get('content-type')).toBe('text/plain');
    expect(plain.text).toBe('Unauthorized');

    other.configure({ unauthorizedBody: { body: '<h1>401</h1>', contentType: 'text/html' } });
    const custom = await me('bad', other);
    expect(custom.status).toBe(401);
    expect(custom.text).toBe('<h1>401</h1>');

    other.configure({ shape: 'legacy' });
    expect((await me(other.issueToken(), other)).body).toHaveProperty('roles', []);
  });
});
