/**
 * A forward proxy on 127.0.0.1 for tests: the `proxy` package (an HTTP proxy speaking
 * CONNECT) with a record of everything that passed and a host map, so providers can have real
 * names (`idp.test`) while every connection still ends on 127.0.0.1. Hosts not in the map are
 * refused (502): nothing ever leaves the machine. Optionally requires Basic credentials.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';

export interface PassedRequest {
  /** `CONNECT` for tunnels (https), else the method of a plain http request. */
  method: string;
  /** `host:port` the client asked for. */
  target: string;
  /** Whether it carried acceptable proxy credentials (when credentials are required). */
  authorized: boolean;
}

export interface RecordingProxy {
  url: string;
  port: number;
  passed: PassedRequest[];
  close(): Promise<void>;
}

export async function startRecordingProxy(options: {
  /** Host name → port on 127.0.0.1 (e.g. `idp.test:8443` → 8443). */
  hosts: Record<string, string>;
  credentials?: { username: string; password: string };
}): Promise<RecordingProxy> {
  const server = createServer();
  const passed: PassedRequest[] = [];
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`
    : undefined;
  const authorized = (req: IncomingMessage) =>
    !expected || req.headers['proxy-authorization'] === expected;

  // Runs before the proxy's own listeners: record, then point the request at 127.0.0.1.
  server.prependListener('connect', (req: IncomingMessage) => {
    const target = req.url ?? '';
    passed.push({ method: 'CONNECT', target, authorized: authorized(req) });
    req.url = options.hosts[target] ? `127.0.0.1:${options.hosts[target]}` : '127.0.0.1:1';
  });
  server.prependListener('request', (req: IncomingMessage) => {
    const url = new URL(req.url ?? '/', 'http://invalid');
    passed.push({ method: req.method ?? 'GET', target: url.host, authorized: authorized(req) });
    const port = options.hosts[url.host];
    url.host = port ? `127.0.0.1:${port}` : '127.0.0.1:1';
    req.url = url.href;
  });
  const proxy = createProxy(server);
  if (expected) proxy.authenticate = (req) => authorized(req);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    passed,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
