/**
 * Fault injection, identical on every stand-in: the failures the app's error handling is
 * tested against (proxy pages, broken or incomplete JSON, huge bodies, silence, resets).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandInBasics } from '../../servers/http-helpers.ts';
import { PEERID_CLIENT_ID, PEERID_USER, startPeerIdServer } from '../../servers/peerid-server.ts';
import {
  PLACEOS_PUBLIC_CLIENT_ID,
  PLACEOS_USER,
  startPlaceOsServer,
} from '../../servers/placeos-server.ts';
import { startPiServer } from '../../servers/pi-server.ts';
import { ownServer, postForm, send } from './http.ts';

interface Subject extends StandInBasics {
  /** A request that succeeds with JSON when no fault is armed. */
  probe(init?: RequestInit): Promise<Response>;
  route: string;
  /** Where `missing-field` / `wrong-type` act by default, as a path into the JSON. */
  field: string[];
  serverError: { status: number; body: unknown };
}

const subjects: Record<string, () => Promise<Subject>> = {
  peerid: async () => {
    const server = await startPeerIdServer();
    const route = '/api/v1/auth/token';
    return {
      ...server,
      route,
      field: ['result', 'token'],
      serverError: { status: 500, body: { error: 'server side error' } },
      probe: (init = {}) =>
        fetch(`${server.baseUrl}${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            login: PEERID_USER.username,
            password: PEERID_USER.password,
            client_id: String(PEERID_CLIENT_ID),
          }).toString(),
          ...init,
        }),
    };
  },
  placeos: async () => {
    const server = await startPlaceOsServer({ variant: 'older' });
    const route = '/auth/oauth/token';
    return {
      ...server,
      route,
      field: ['access_token'],
      serverError: { status: 500, body: { error: 'Internal Server Error' } },
      probe: (init = {}) =>
        fetch(`${server.baseUrl}${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'password',
            username: PLACEOS_USER.email,
            password: PLACEOS_USER.password,
            client_id: PLACEOS_PUBLIC_CLIENT_ID,
          }).toString(),
          ...init,
        }),
    };
  },
  pi: async () => {
    const server = await startPiServer();
    const token = server.issueToken({ validUntil: Date.now() + 3600_000 });
    const route = '/v2/me';
    return {
      ...server,
      route,
      field: ['uid'],
      serverError: {
        status: 500,
        body: { error: 'internal_server_error', error_message: 'Internal server error' },
      },
      probe: (init = {}) =>
        fetch(`${server.baseUrl}${route}`, {
          headers: { authorization: `Bearer ${token}` },
          ...init,
        }),
    };
  },
};

function at(body: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (value, key) => (value as Record<string, unknown> | undefined)?.[key],
    body,
  );
}

describe.each(Object.keys(subjects))('%s stand-in faults', (name) => {
  let subject: Subject;
  beforeAll(async () => {
    subject = await subjects[name]!();
  });
  afterAll(async () => {
    await subject.close();
  });

  it('answers normally without a fault', async () => {
    const res = await subject.probe();
    expect(res.status).toBe(200);
    expect(at(await res.json(), subject.field)).toEqual(expect.any(String));
  });

  it('html-502: a proxy error page', async () => {
    subject.failNext('html-502');
    const res = await subject.probe();
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('<title>502 Bad Gateway</title>');
    expect((await subject.probe()).status).toBe(200); // one request only
  });

  it('malformed-json: the real status with a cut JSON body', async () => {
    subject.failNext('malformed-json');
    const res = await subject.probe();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(text.startsWith('{')).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });

  it('missing-field: the real reply without the required field', async () => {
    subject.failNext('missing-field');
    const body = (await (await subject.probe()).json()) as Record<string, unknown>;
    const parent = subject.field.length > 1 ? at(body, subject.field.slice(0, -1)) : body;
    expect(parent).toBeTypeOf('object');
    expect(parent).not.toHaveProperty(subject.field.at(-1)!);
  });

  it('wrong-type: the field with a value of another type, or the one given', async () => {
    subject.failNext('wrong-type');
    expect(at(await (await subject.probe()).json(), subject.field)).toBe(12345);
    subject.failNext('wrong-type', { value: null });
    expect(at(await (await subject.probe()).json(), subject.field)).toBeNull();
  });

  it('oversized: a 5 MiB JSON body, with or without content-length', async () => {
    subject.failNext('oversized');
    const declared = await subject.probe();
    expect(declared.status).toBe(200);
    expect(declared.headers.get('content-length')).toBe(String(5 * 1024 * 1024));
    expect((await declared.arrayBuffer()).byteLength).toBe(5 * 1024 * 1024);

    subject.failNext('oversized', { declareLength: false, bytes: 2 * 1024 * 1024 });
    const streamed = await subject.probe();
    expect(streamed.headers.get('content-length')).toBeNull();
    expect(streamed.headers.get('transfer-encoding')).toBe('chunked');
    const text = await streamed.text();
    expect(text.length).toBe(2 * 1024 * 1024);
    expect(JSON.parse(text)).toHaveProperty('padding');
  });

  it('oversized: a reader that stops after 1 MiB leaves the server working', async () => {
    subject.failNext('oversized', { declareLength: false });
    const res = await subject.probe();
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    while (received <= 1024 * 1024) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
    }
    await reader.cancel();
    expect(received).toBeGreaterThan(1024 * 1024);
    expect((await subject.probe()).status).toBe(200);
  });

  it('hang: no answer until the client gives up', async () => {
    subject.failNext('hang');
    const started = Date.now();
    await expect(subject.probe({ signal: AbortSignal.timeout(200) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect((await subject.probe()).status).toBe(200);
  });

  it('reset: the connection is dropped', async () => {
    subject.failNext('reset');
    await expect(subject.probe()).rejects.toThrow('fetch failed');
    expect((await subject.probe()).status).toBe(200);
  });

  it('delay: answers normally after a while', async () => {
    subject.failNext('delay', { ms: 150 });
    const started = Date.now();
    expect((await subject.probe()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("server-error: the provider's own 500", async () => {
    subject.failNext('server-error');
    const res = await subject.probe();
    expect(res.status).toBe(subject.serverError.status);
    expect(await res.json()).toEqual(subject.serverError.body);
  });

  it('route, times, pendingFaults and clearFaults', async () => {
    subject.failNext('html-502', { route: '/elsewhere' });
    expect((await subject.probe()).status).toBe(200);
    expect(subject.pendingFaults()).toEqual([{ kind: 'html-502', route: '/elsewhere' }]);
    subject.clearFaults();
    expect(subject.pendingFaults()).toEqual([]);

    subject.failNext('server-error', { route: subject.route, times: 2 });
    expect((await subject.probe()).status).toBe(500);
    expect((await subject.probe()).status).toBe(500);
    expect((await subject.probe()).status).toBe(200);

    subject.failNext('html-502');
    subject.failNext('server-error');
    expect((await subject.probe()).status).toBe(502);
    expect((await subject.probe()).status).toBe(500);
  });
});

describe('faults at start-up and closing', () => {
  it('the faults option arms faults before the first request', async () => {
    const server = await ownServer(
      startPiServer({ faults: [{ kind: 'html-502', route: '/v2/me', times: 2 }] }),
    );
    const token = server.issueToken();
    const me = () =>
      send(`${server.baseUrl}/v2/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(502);
    expect((await me()).status).toBe(502);
    expect((await me()).status).toBe(200);
  });

  it('close() ends hanging requests at once', async () => {
    const server = await startPeerIdServer();
    server.failNext('hang', { times: Infinity });
    const pending = postForm(`${server.baseUrl}/api/v1/auth/token`, { login: 'alice' });
    const pending2 = send(`${server.baseUrl}/permissions`);
    // Both requests reached the server and hang there (a fixed sleep could be too short).
    await expect.poll(() => server.requests.length, { timeout: 5_000 }).toBe(2);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
    await expect(pending2).rejects.toThrow();
  });
});
