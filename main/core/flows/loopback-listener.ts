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

export async function startLoopbackListener(
  deliver: (url: URL) => DeliveryOutcome,
  appName: string,
): Promise<LoopbackListener> {
  let closed = false;
  let origin = 'http://127.0.0.1';
  const server = createServer((req, res) => {
    const url = requestUrl(req, origin);
    if (!url || url.pathname !== LOOPBACK_CALLBACK_PATH || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    if (url.search === '') {
      // Implicit flow: the token is in the fragment, which browsers never send to a server.
      relayFragment(res, appName);
      return;
    }
    const outcome = deliver(url);
    respond(res, outcome, appName);
    if (outcome.ok) void close();
  });
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
  origin = `http://127.0.0.1:${port}`;

  function close(): Promise<void> {
    if (closed) return Promise.resolve();
    closed = true;
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  return { redirectUri: `${origin}${LOOPBACK_CALLBACK_PATH}`, close };
}

function requestUrl(req: IncomingMessage, origin: string): URL | undefined {
  try {
    return new URL(req.url ?? '/', origin);
  } catch {
    return undefined;
  }
}

function respond(res: ServerResponse, outcome: DeliveryOutcome, appName: string): void {
  const title = outcome.ok ? 'Signed in' : 'Sign-in not completed';
  const body = outcome.ok
    ? `${appName} received the sign-in. You can close this tab and return to the app.`
    : outcome.error.message;
  const detail = !outcome.ok && outcome.error.providerMessage ? outcome.error.providerMessage : '';
  res.writeHead(outcome.ok ? 200 : 400, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    connection: 'close',
  });
  res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · ${escapeHtml(appName)}</title>
<style>body{font:16px system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;background:#f6f7f9;color:#1d2430}
main{max-width:28rem;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}
h1{font-size:1.25rem;margin:0 0 .5rem}.ok{color:#1a7f37}.err{color:#b42318}p{line-height:1.5}code{font-size:.85em;color:#555}</style></head>
<body><main><h1 class="${outcome.ok ? 'ok' : 'err'}">${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>${detail ? `<p><code>${escapeHtml(detail)}</code></p>` : ''}</main></body></html>`);
}

/**
 * Moves the fragment into the query (same path), so the listener receives what the provider
 * put after `#`. The script is pinned by hash in the CSP.
 */
const RELAY_SCRIPT =
  "var f=location.hash.slice(1);if(f){location.replace(location.pathname+'?'+f)}else{document.getElementById('m').textContent='The provider sent no sign-in response.'}";
const RELAY_SCRIPT_HASH = createHash('sha256').update(RELAY_SCRIPT).digest('base64');

function relayFragment(res: ServerResponse, appName: string): void {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'content-security-policy': `default-src 'none'; script-src 'sha256-${RELAY_SCRIPT_HASH}'`,
  });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(appName)}</title></head><body><p id="m">Finishing sign-in…</p><script>${RELAY_SCRIPT}</script></body></html>`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
