/**
 * Small shared pieces for the named-provider stand-ins (PeerID, PlaceOS, Pi Network): a
 * node:http server bound to 127.0.0.1, request parsing (query, cookies, form or JSON body,
 * HTTP Basic), reply builders, a request log, and fault injection.
 *
 * Route handlers return a {@link Reply} instead of writing to the socket, so faults such as
 * "drop a required field" or "truncate the JSON" can be applied to the real reply of any route.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { RequestLedger, tokenKey } from './request-budget.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: unknown };

/** What a route answers; the dispatcher serialises it (after faults are applied). */
export interface Reply {
  status: number;
  headers?: Record<string, string | string[]>;
  /** Serialised as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as is; set `content-type` in `headers` (defaults to text/html). */
  text?: string;
}

export type BodyKind = 'none' | 'form' | 'json' | 'invalid-json' | 'other';

export interface ParsedBody {
  kind: BodyKind;
  raw: string;
  /** Form fields (`application/x-www-form-urlencoded`), or the JSON value when it is an object. */
  fields: Record<string, unknown>;
  /** The parsed JSON value, whatever its type (`undefined` unless `kind === 'json'`). */
  json?: unknown;
}

export interface StandInRequest {
  method: string;
  url: URL;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  cookies: Record<string, string>;
  body: ParsedBody;
}

/** One request as the stand-in received it, for tests that assert on what the app sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: ParsedBody;
  at: number;
}

/**
 * Failure modes the app's error handling is tested against.
 * - `html-502`: a proxy's HTML error page (status 502, `text/html`).
 * - `malformed-json`: the route's real status with its JSON cut in half.
 * - `missing-field`: the route's real reply without `field` (dotted path).
 * - `wrong-type`: the route's real reply with `field` replaced by a value of another type.
 * - `oversized`: 200 with a valid JSON body of `bytes` (default 5 MiB).
 * - `hang`: never answers (the connection stays open until the server closes).
 * - `reset`: the connection is destroyed without a response.
 * - `delay`: waits `ms` then answers normally.
 * - `server-error`: the provider's own 500 reply.
 */
export type FaultKind =
  | 'html-502'
  | 'malformed-json'
  | 'missing-field'
  | 'wrong-type'
  | 'oversized'
  | 'hang'
  | 'reset'
  | 'delay'
  | 'server-error';

export interface FaultOptions {
  /** Only requests to this path (e.g. `/v2/me`); any path when omitted. */
  route?: string;
  /** How many matching requests fail (default 1; `Infinity` until cleared). */
  times?: number;
  /** `missing-field` / `wrong-type`: dotted path into the JSON reply (server default otherwise). */
  field?: string;
  /** `wrong-type`: the value to put there (a value of another type is chosen otherwise). */
  value?: unknown;
  /** `oversized`: body size in bytes (default 5 MiB). */
  bytes?: number;
  /** `oversized`: send `content-length` (default true); false streams it chunked. */
  declareLength?: boolean;
  /** `delay`: milliseconds before the normal reply (default 1000). */
  ms?: number;
}

export interface FaultSpec extends FaultOptions {
  kind: FaultKind;
}

export interface FaultControls {
  /** Arms a fault for the next matching request(s). Faults fire in the order they were armed. */
  failNext: (kind: FaultKind, options?: FaultOptions) => void;
  /** Disarms every pending fault. */
  clearFaults: () => void;
  /** Faults armed but not yet fired. */
  pendingFaults: () => FaultSpec[];
}

export interface StandInServerOptions {
  port?: number;
  faults?: FaultSpec[];
  /** The route's default field for `missing-field` / `wrong-type`. */
  defaultFaultField(path: string): string;
  /** The provider's own 500 reply, for the `server-error` fault. */
  serverError(): Reply;
  handle(request: StandInRequest): Promise<Reply>;
  /**
   * Whom a request acts for, for the request budget (asked before the route runs, so a
   * rotating refresh token is still known). Defaults to {@link defaultAccountOf}.
   */
  accountOf?(request: StandInRequest): string | undefined;
}

/** What every provider stand-in hands its tests straight from the shared server. */
export interface StandInBasics extends FaultControls {
  baseUrl: string;
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** The same requests keyed by the account they act for (see tests/servers/request-budget.ts). */
  ledger: RequestLedger;
  close: () => Promise<void>;
}

export interface StandInServer extends StandInBasics {
  port: number;
}

const MAX_REQUEST_BYTES = 1024 * 1024;
export const DEFAULT_OVERSIZED_BYTES = 5 * 1024 * 1024;

/** Starts a stand-in on 127.0.0.1 (never any other address). */
export async function startStandInServer(options: StandInServerOptions): Promise<StandInServer> {
  const requests: RecordedRequest[] = [];
  const ledger = new RequestLedger();
  let faults: FaultSpec[] = (options.faults ?? []).map((f) => ({ ...f }));

  function takeFault(path: string): FaultSpec | undefined {
    const index = faults.findIndex((f) => f.route === undefined || f.route === path);
    if (index < 0) return undefined;
    const fault = faults[index]!;
    const times = fault.times ?? 1;
    if (times <= 1) faults.splice(index, 1);
    else fault.times = times - 1;
    return fault;
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: ParsedBody;
    try {
      body = await readBody(req);
    } catch {
      send(res, { status: 413, text: 'Request Entity Too Large' });
      return;
    }
    const request: StandInRequest = {
      method: req.method ?? 'GET',
      url,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      cookies: parseCookies(req.headers.cookie),
      body,
    };
    requests.push({
      method: request.method,
      path: request.path,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      at: Date.now(),
    });
    ledger.record({
      at: Date.now(),
      account: options.accountOf?.(request) ?? defaultAccountOf(request),
      method: request.method,
      path: request.path,
    });

    const fault = takeFault(request.path);
    switch (fault?.kind) {
      case 'hang':
        return; // Never answered: close() destroys the socket.
      case 'reset':
        resetSocket(req.socket);
        return;
      case 'html-502':
        send(res, proxyErrorPage());
        return;
      case 'server-error':
        send(res, options.serverError());
        return;
      case 'oversized':
        sendOversized(res, fault.bytes ?? DEFAULT_OVERSIZED_BYTES, fault.declareLength ?? true);
        return;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms ?? 1000));
        break;
      default:
        break;
    }

    let reply = await options.handle(request);
    if (fault?.kind === 'missing-field' || fault?.kind === 'wrong-type') {
      const field = fault.field ?? options.defaultFaultField(request.path);
      reply = { ...reply, json: mutateField(reply.json, field, fault) };
    }
    if (fault?.kind === 'malformed-json') {
      const full = JSON.stringify(reply.json ?? { result: 'truncated' });
      reply = {
        status: reply.status,
        headers: { ...reply.headers, 'content-type': 'application/json; charset=utf-8' },
        text: full.slice(0, Math.max(1, Math.floor(full.length / 2))),
      };
    }
    send(res, reply);
  }

  const server = createServer((req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      console.error('stand-in server error', error);
      if (!res.headersSent) send(res, { status: 500, json: { error: 'stand-in failure' } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    requests,
    ledger,
    failNext(kind, faultOptions = {}) {
      faults.push({ ...faultOptions, kind });
    },
    clearFaults() {
      faults = [];
    },
    pendingFaults: () => faults.map((f) => ({ ...f })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Also ends hanging ("hang" fault) and keep-alive connections.
        server.closeAllConnections();
      }),
  };
}

/** The {@link StandInBasics} of a started server, for a provider stand-in to pass on. */
export function standInBasics(server: StandInServer): StandInBasics {
  return {
    baseUrl: server.baseUrl,
    requests: server.requests,
    ledger: server.ledger,
    failNext: server.failNext,
    clearFaults: server.clearFaults,
    pendingFaults: server.pendingFaults,
    close: server.close,
  };
}

/**
 * Whom a request acts for when the stand-in cannot say better: the client (`client_id` in the
 * body or query, or HTTP Basic), else the bearer or refresh token, else `anonymous`.
 */
export function defaultAccountOf(request: StandInRequest): string {
  const fields = request.body.fields;
  const clientId = fields['client_id'] ?? request.query.get('client_id') ?? undefined;
  if (typeof clientId === 'string' || typeof clientId === 'number') return `client:${clientId}`;
  const basic = basicCredentials(request);
  if (basic) return `client:${basic.username}`;
  const bearer = bearerToken(request);
  if (bearer) return tokenKey(bearer);
  const refresh = fields['refresh_token'];
  if (typeof refresh === 'string') return tokenKey(refresh);
  return 'anonymous';
}

function resetSocket(socket: Socket): void {
  // RST where the platform supports it, a plain destroy otherwise: both abort the exchange.
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_REQUEST_BYTES) throw new Error('request body too large');
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw.length === 0) return { kind: 'none', raw, fields: {} };
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    return { kind: 'form', raw, fields: Object.fromEntries(new URLSearchParams(raw)) };
  }
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      const json: unknown = JSON.parse(raw);
      const fields = isRecord(json) ? json : {};
      return { kind: 'json', raw, fields, json };
    } catch {
      return { kind: 'invalid-json', raw, fields: {} };
    }
  }
  return { kind: 'other', raw, fields: {} };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}

/** `Authorization: Basic` credentials, or undefined when absent or undecodable. */
export function basicCredentials(
  request: StandInRequest,
): { username: string; password: string } | undefined {
  const header = request.headers.authorization;
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
  const unescape = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return {
    username: unescape(decoded.slice(0, colon)),
    password: unescape(decoded.slice(colon + 1)),
  };
}

/** The token of an `Authorization: Bearer …` header (scheme case-insensitive). */
export function bearerToken(request: StandInRequest): string | undefined {
  const match = /^bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

export function header(request: StandInRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function json(status: number, body: unknown, headers: Reply['headers'] = {}): Reply {
  return { status, json: body, headers };
}

export function html(status: number, markup: string, headers: Reply['headers'] = {}): Reply {
  return {
    status,
    text: markup,
    headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
  };
}

export function redirect(status: number, location: string, headers: Reply['headers'] = {}): Reply {
  return { status, headers: { location, ...headers } };
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** Random token text from an alphabet, like `uid2` (PeerID) or Doorkeeper's urlsafe tokens. */
export function randomToken(length: number, alphabet = ALPHANUMERIC): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const URLSAFE = `${ALPHANUMERIC}-_`;

/** A page as nginx or a load balancer sends it when the upstream is down. */
export function proxyErrorPage(): Reply {
  return html(
    502,
    '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
      '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n' +
      '</body>\r\n</html>\r\n',
  );
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const headers: Record<string, string | string[]> = { ...reply.headers };
  let payload: Buffer | undefined;
  if (reply.text !== undefined) {
    payload = Buffer.from(reply.text, 'utf8');
    headers['content-type'] ??= 'text/html; charset=utf-8';
  } else if (reply.json !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.json), 'utf8');
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  if (payload) headers['content-length'] = String(payload.length);
  else if (reply.status !== 204 && reply.status !== 304) headers['content-length'] = '0';
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function sendOversized(res: ServerResponse, bytes: number, declareLength: boolean): void {
  // Valid JSON of exactly `bytes` bytes: {"padding":"xxxx…"}.
  const prefix = '{"padding":"';
  const suffix = '"}';
  const fill = Math.max(0, bytes - prefix.length - suffix.length);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (declareLength) headers['content-length'] = String(prefix.length + fill + suffix.length);
  // A client that gives up half-way (a size-limited reader) must not crash the server.
  res.on('error', () => undefined);
  res.writeHead(200, headers);
  res.write(prefix);
  const chunk = 'x'.repeat(64 * 1024);
  let left = fill;
  const pump = (): void => {
    while (left > 0) {
      if (res.destroyed) return;
      const piece = left >= chunk.length ? chunk : chunk.slice(0, left);
      left -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end(suffix);
  };
  pump();
}

/** Returns a deep copy of `body` with the dotted `field` removed or given another type. */
function mutateField(body: unknown, field: string, fault: FaultSpec): unknown {
  const copy: unknown = body === undefined ? {} : structuredClone(body);
  const keys = field.split('.');
  const last = keys.pop()!;
  let target: unknown = copy;
  for (const key of keys) {
    if (!isRecord(target)) return copy;
    target = target[key];
  }
  if (!isRecord(target)) return copy;
  if (fault.kind === 'missing-field') delete target[last];
  else target[last] = 'value' in fault ? fault.value : otherType(target[last]);
  return copy;
}

function otherType(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(String).join(' ') || 'not-an-array';
  if (isRecord(value)) return 'not-an-object';
  return 12345;
}

/** A server clock the tests can move forward, so expiry is tested without waiting. */
export interface Clock {
  now(): number;
  advance(ms: number): void;
}

export function createClock(): Clock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}
