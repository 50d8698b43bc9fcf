import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors.ts';
import { NetworkRouter } from '../../../main/core/http/dispatcher.ts';
import { MAX_RESPONSE_BYTES, limitedFetch } from '../../../main/core/http/limited-fetch.ts';

const ONE_KIB = 'k'.repeat(1024);

/** Routes of the stand-in server, each a way a provider might answer. */
const routes: Record<string, (res: ServerResponse) => void> = {
  '/token': (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-42' });
    res.end('{"access_token":"at","token_type":"Bearer","expires_in":3600}');
  },
  '/error': (res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end('{"error":"invalid_grant"}');
  },
  '/no-content': (res) => {
    res.writeHead(204);
    res.end();
  },
  '/exactly-limit': (res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('a'.repeat(MAX_RESPONSE_BYTES));
  },
  '/declared-too-large': (res) => {
    // Announces a huge body and sends only a little: refused before reading any of it.
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 50 * 1024 * 1024 });
    res.write('{"access_token":"');
  },
  '/streamed-too-large': (res) => {
    // Chunked, no length: 2 MiB in 1 KiB pieces.
    res.writeHead(200, { 'content-type': 'application/json' });
    let sent = 0;
    const pump = () => {
      while (sent < 2 * 1024 && !res.destroyed) {
        sent++;
        if (!res.write(ONE_KIB)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  },
  '/endless': (res) => {
    // Never stops sending: the limit must end it, not the end of the body.
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const pump = () => {
      while (!res.destroyed && res.write(ONE_KIB));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (route) route(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function expectTooLarge(path: string): Promise<void> {
  const error: unknown = await limitedFetch(`${base}${path}`).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('INVALID_RESPONSE');
  expect((error as AppError).message).toMatch(/larger than 1024 KiB/);
}

describe('limitedFetch', () => {
  it('passes a normal response through with status, headers, body and URL intact', async () => {
    const response = await limitedFetch(`${base}/token`, { method: 'POST', body: 'a=b' });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toBe('req-42');
    expect(response.url).toBe(`${base}/token`);
    expect(await response.json()).toEqual({
      access_token: 'at',
      token_type: 'Bearer',
      expires_in: 3600,
    });
  });

  it('passes error statuses through for the caller to read', async () => {
    const response = await limitedFetch(new URL(`${base}/error`));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_grant' });
  });

  it('keeps a 204 response without a body', async () => {
    const response = await limitedFetch(`${base}/no-content`);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('accepts a body of exactly the limit', async () => {
    const response = await limitedFetch(`${base}/exactly-limit`);
    expect((await response.text()).length).toBe(MAX_RESPONSE_BYTES);
  });

  it('refuses a body whose declared length is over the limit', async () => {
    await expectTooLarge('/declared-too-large');
  });

  it('refuses a chunked body that turns out to be over the limit', async () => {
    await expectTooLarge('/streamed-too-large');
  });

  it('refuses an endless body instead of reading it forever', async () => {
    await expectTooLarge('/endless');
  });

  it('fails like fetch when the server is unreachable', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await expect(limitedFetch(`http://127.0.0.1:${closedPort}/token`)).rejects.toThrow(
      'fetch failed',
    );
  });
});

describe('the outbound guard stays in front of the route', () => {
  it('refuses a destination a secret is not bound to before any proxy is even chosen', async () => {
    const routed: string[] = [];
    const router = new NetworkRouter({ proxyVariables: {} });
    const spy = Object.assign(Object.create(router) as NetworkRouter, {
      route: (url: URL, profile: Parameters<NetworkRouter['route']>[1]) => {
        routed.push(url.href);
        return router.route(url, profile);
      },
    });
    const network = {
      router: spy,
      profile: { proxy: 'url' as const, proxyUrl: 'http://127.0.0.1:1', extraCaCertificates: [] },
    };
    const rule = {
      origins: ['https://idp.example'],
      what: 'the client secret',
      active: () => true,
    };
    const error = await limitedFetch(`${base}/token`, {}, [rule], network).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('REAUTH_REQUIRED');
    expect(routed).toEqual([]);

    // The same request without the rule is routed (loopback: directly, never to that proxy).
    const response = await limitedFetch(`${base}/token`, {}, [], network);
    expect(response.status).toBe(200);
    expect(routed).toEqual([`${base}/token`]);
  });
});
