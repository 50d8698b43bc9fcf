/**
 * A loopback HTTP proxy that injects provider faults in front of any test server (the
 * oidc-provider IdP or a stand-in): the same failures for every provider, at the HTTP level,
 * whatever the server behind it implements. Unarmed, it forwards requests unchanged.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ProxyFault =
  /** A fixed answer instead of the server's: 5xx pages, HTML, non-JSON, empty bodies. */
  | { kind: 'answer'; status: number; contentType?: string; body: string }
  /** The server's real answer with another content type. */
  | { kind: 'content-type'; contentType: string }
  /** The server's JSON answer, edited (missing or mistyped fields, odd expiries…). */
  | { kind: 'json'; edit: (body: Record<string, unknown>) => unknown }
  /** The connection is dropped without an answer. */
  | { kind: 'reset' }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Sends a 200 JSON header, then one byte every `intervalMs`, forever. */
  | { kind: 'drip'; intervalMs: number }
  /** A 200 JSON body of `bytes` bytes, streamed without a content length. */
  | { kind: 'huge'; bytes: number };

export interface ProxiedRequest {
  method: string;
  path: string;
  /** When it arrived (Date.now()). */
  at: number;
  fault?: ProxyFault['kind'];
}

export interface FaultProxy {
  url: string;
  /** Every request that reached the proxy, in order. */
  requests: ProxiedRequest[];
  /** Requests still being answered (hangs and drips count until the client gives up). */
  readonly inFlight: number;
  /** Applies `fault` to requests whose path starts with `pathPrefix`, `times` times. */
  arm(pathPrefix: string, fault: ProxyFault, times?: number): void;
  clear(): void;
  close(): Promise<void>;
}

interface Armed {
  pathPrefix: string;
  fault: ProxyFault;
  remaining: number;
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const armed: Armed[] = [];
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const match = armed.find((a) => a.remaining > 0 && path.startsWith(a.pathPrefix));
    if (match) match.remaining--;
    requests.push({
      method: req.method ?? 'GET',
      path,
      at: Date.now(),
      ...(match ? { fault: match.fault.kind } : {}),
    });
    inFlight++;
    let counted = true;
    const done = () => {
      if (counted) inFlight--;
      counted = false;
    };
    res.on('close', done);
    void handle(req, res, match?.fault).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    fault: ProxyFault | undefined,
  ): Promise<void> {
    const body = await readAll(req);
    switch (fault?.kind) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        return;
      case 'answer':
        res.writeHead(fault.status, fault.contentType ? { 'content-type': fault.contentType } : {});
        res.end(fault.body);
        return;
      case 'drip': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{');
        const timer = setInterval(() => res.write(' '), fault.intervalMs);
        timers.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          timers.delete(timer);
        });
        return;
      }
      case 'huge': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        res.write('{"padding":"');
        let sent = 0;
        while (sent < fault.bytes && !res.destroyed) {
          if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
          sent += chunk.length;
        }
        res.end('"}');
        return;
      }
    }
    const answer = await forward(req, body);
    let status = answer.status;
    const headers = { ...answer.headers };
    let payload = answer.body;
    if (fault?.kind === 'content-type') headers['content-type'] = fault.contentType;
    if (fault?.kind === 'json') {
      const edited = fault.edit(JSON.parse(payload.toString('utf8')) as Record<string, unknown>);
      payload = Buffer.from(JSON.stringify(edited));
      headers['content-type'] = 'application/json';
      status = answer.status;
    }
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    delete headers['connection'];
    res.writeHead(status, headers);
    res.end(payload);
  }

  function forward(
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host };
      const out = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers,
        },
        (res) => {
          void readAll(res).then(
            (buffer) =>
              resolve({
                status: res.statusCode ?? 502,
                headers: Object.fromEntries(
                  Object.entries(res.headers).filter(
                    (entry): entry is [string, string | string[]] => entry[1] !== undefined,
                  ),
                ),
                body: buffer,
              }),
            reject,
          );
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get inFlight() {
      return inFlight;
    },
    arm(pathPrefix, fault, times = Infinity) {
      armed.unshift({ pathPrefix, fault, remaining: times });
    },
    clear() {
      armed.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
