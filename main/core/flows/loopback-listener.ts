import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliveryOutcome } from './pending-authorizations.ts';

/**
 * The RFC 8252 §7.3 loopback redirect: an HTTP listener on 127.0.0.1 (never all interfaces)
 * on an ephemeral port, answering one path, closed as soon as a valid redirect arrived.
 */
export interface LoopbackListener {
  redirectUri: string;
  close(): Promise<void>;
}

export const LOOPBACK_CALLBACK_PATH = '/callback';
/** Longer request targets are refused before anything parses them (no redirect is this long). */
export const MAX_CALLBACK_URL_LENGTH = 8 * 1024;
/** The relayed fragment of an implicit-flow redirect, form-encoded. */
const MAX_RELAY_BODY_BYTES = 16 * 1024;
const RELAY_BODY_TIMEOUT_MS = 10_000;
/** Provider words shown on the page: enough to explain, too short to carry a phishing page. */
export const MAX_SHOWN_PROVIDER_TEXT = 200;
/** The form field the relay page posts the fragment in. */
const RELAY_FIELD = 'response';

/**
 * Starts the listener. It answers only `GET` and (for the implicit-flow relay) `POST` on
 * {@link LOOPBACK_CALLBACK_PATH}, only for the `Host` it was bound to (`127.0.0.1:<port>`, so a
 * DNS-rebound name cannot reach it), and passes each redirect to `deliver`.
 */
export async function startLoopbackListener(
  deliver: (url: URL) => DeliveryOutcome,
  appName: string,
): Promise<LoopbackListener> {
  let closed = false;
  const server = createServer((req, res) => {
    const { port } = server.address() as AddressInfo;
    const host = `127.0.0.1:${port}`;
    void handle(req, res, host).catch(() => {
      if (!res.headersSent) plain(res, 400, 'Bad request');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, host: string): Promise<void> {
    const target = req.url ?? '/';
    if (target.length > MAX_CALLBACK_URL_LENGTH) return plain(res, 414, 'Request too long');
    // A page on another name that resolves here (DNS rebinding) sends its own Host.
    if (req.headers.host !== host) return plain(res, 421, 'Wrong host');
    const origin = `http://${host}`;
    const url = requestUrl(target, origin);
    if (!url || url.pathname !== LOOPBACK_CALLBACK_PATH) return plain(res, 404, 'Not found');

    let outcome: DeliveryOutcome;
    if (req.method === 'GET') {
      if (url.search === '') {
        // Implicit flow: the token is in the fragment, which browsers never send to a server.
        relayFragment(res, appName);
        return;
      }
      outcome = deliver(url);
    } else if (req.method === 'POST') {
      const fragment = await relayedFragment(req, origin);
      if (fragment === undefined) return plain(res, 400, 'Bad request');
      const relayed = new URL(LOOPBACK_CALLBACK_PATH, origin);
      relayed.hash = fragment;
      outcome = deliver(relayed);
    } else {
      res.setHeader('allow', 'GET, POST');
      return plain(res, 405, 'Method not allowed');
    }
    respond(res, outcome, appName);
    if (outcome.ok) void close();
  }

  // Keep-alive sockets from the browser must not hold the port open after use.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();

  const { port } = server.address() as AddressInfo;

  function close(): Promise<void> {
    if (closed) return Promise.resolve();
    closed = true;
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  return { redirectUri: `http://127.0.0.1:${port}${LOOPBACK_CALLBACK_PATH}`, close };
}

function requestUrl(target: string, origin: string): URL | undefined {
  try {
    const url = new URL(target, origin);
    // An absolute-form target ("GET http://elsewhere/callback") names another origin.
    return url.origin === origin ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The fragment the relay page posted, or undefined for anything else: another origin's page
 * (its `Origin` differs), another content type, or a body too large or too slow.
 */
async function relayedFragment(req: IncomingMessage, origin: string): Promise<string | undefined> {
  if (req.headers.origin !== origin) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return undefined;
  const body = await readBody(req, MAX_RELAY_BODY_BYTES, RELAY_BODY_TIMEOUT_MS);
  if (body === undefined) return undefined;
  const fields = new URLSearchParams(body);
  const values = fields.getAll(RELAY_FIELD);
  return values.length === 1 ? values[0] : undefined;
}

function readBody(
  req: IncomingMessage,
  maxBytes: number,
  timeoutMs: number,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    timer.unref();
    function finish(value: string | undefined): void {
      clearTimeout(timer);
      req.removeAllListeners('data');
      if (value === undefined) req.resume();
      resolve(value);
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) finish(undefined);
      else chunks.push(chunk);
    });
    req.on('end', () => finish(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => finish(undefined));
  });
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

function plain(res: ServerResponse, status: number, text: string): void {
  res
    .writeHead(status, {
      ...SECURITY_HEADERS,
      'content-type': 'text/plain; charset=utf-8',
      connection: 'close',
    })
    .end(text);
}

/**
 * The provider's words, shortened to {@link MAX_SHOWN_PROVIDER_TEXT}, and only for a redirect
 * that matched a sign-in started here: a crafted link cannot put its text on this page.
 */
export function shownProviderText(outcome: DeliveryOutcome): string {
  if (outcome.ok || outcome.flowId === undefined || !outcome.error.providerMessage) return '';
  const flat = outcome.error.providerMessage.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SHOWN_PROVIDER_TEXT
    ? `${flat.slice(0, MAX_SHOWN_PROVIDER_TEXT)}…`
    : flat;
}

function respond(res: ServerResponse, outcome: DeliveryOutcome, appName: string): void {
  const title = outcome.ok ? 'Signed in' : 'Sign-in not completed';
  const body = outcome.ok
    ? `${appName} received the sign-in. You can close this tab and return to the app.`
    : outcome.error.message;
  const detail = shownProviderText(outcome);
  res.writeHead(outcome.ok ? 200 : 400, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'",
    connection: 'close',
  });
  res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · ${escapeHtml(appName)}</title>
<style>body{font:16px system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;background:#f6f7f9;color:#1d2430}
main{max-width:28rem;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}
h1{font-size:1.25rem;margin:0 0 .5rem}.ok{color:#1a7f37}.err{color:#b42318}p{line-height:1.5}code{font-size:.85em;color:#555;overflow-wrap:anywhere}</style></head>
<body><main><h1 class="${outcome.ok ? 'ok' : 'err'}">${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>${detail ? `<p><code>${escapeHtml(detail)}</code></p>` : ''}</main></body></html>`);
}

/**
 * Clears the fragment from the address and history first, then posts it to the listener in a
 * form body, so the token never sits in a URL the browser keeps (history, session restore).
 * The script is pinned by hash in the CSP; the form may only post back to this origin.
 */
const RELAY_SCRIPT =
  "var f=location.hash.slice(1);history.replaceState(null,'',location.pathname);if(f){var r=document.getElementById('r');r.elements[0].value=f;r.submit()}else{document.getElementById('m').textContent='The provider sent no sign-in response.'}";
const RELAY_SCRIPT_HASH = createHash('sha256').update(RELAY_SCRIPT).digest('base64');
/** What a page must contain to be this relay (the test "browser" looks for it). */
export const RELAY_FORM_MARKER = `<form id="r" method="post" action="${LOOPBACK_CALLBACK_PATH}">`;

function relayFragment(res: ServerResponse, appName: string): void {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    // Same-origin keeps the `Origin` of the POST (the listener checks it); nothing leaves.
    'referrer-policy': 'same-origin',
    'content-security-policy': `default-src 'none'; script-src 'sha256-${RELAY_SCRIPT_HASH}'; form-action 'self'; base-uri 'none'`,
  });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(appName)}</title></head><body><p id="m">Finishing sign-in…</p>${RELAY_FORM_MARKER}<input type="hidden" name="${RELAY_FIELD}"></form><script>${RELAY_SCRIPT}</script></body></html>`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
