import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

/**
 * Serves the built renderer (out/renderer) on 127.0.0.1, as the app's `app://` protocol does:
 * files inside the root only (no traversal, no symlinks out, no listings), correct MIME types,
 * and the renderer's own CSP as a response header.
 */
export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The CSP the renderer declares in its index.html, so header and meta never drift apart, plus
 * `frame-ancestors`, which only works as a header.
 */
export async function readRendererCsp(rootDir: string): Promise<string> {
  const html = await readFile(join(rootDir, 'index.html'), 'utf8');
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  if (!match?.[1]) throw new Error(`${rootDir}/index.html declares no Content-Security-Policy.`);
  const csp = match[1].replace(/\s+/g, ' ').trim().replace(/;$/, '');
  return /frame-ancestors/.test(csp) ? csp : `${csp}; frame-ancestors 'none'`;
}

export async function startStaticServer(
  rootDir: string,
  options: { csp: string },
): Promise<StaticServer> {
  const root = await realpath(resolve(rootDir));

  async function locate(urlPath: string): Promise<string | undefined> {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(urlPath, 'http://127.0.0.1').pathname);
    } catch {
      return undefined;
    }
    if (pathname.includes('\0')) return undefined;
    if (pathname.endsWith('/')) pathname += 'index.html';
    const candidate = resolve(root, `.${pathname}`);
    if (!candidate.startsWith(root + sep)) return undefined;
    try {
      // Resolve symlinks too: the real file must still be inside the root.
      const real = await realpath(candidate);
      if (!real.startsWith(root + sep) || !(await stat(real)).isFile()) return undefined;
      return real;
    } catch {
      return undefined;
    }
  }

  const headers = (contentType: string) => ({
    'content-type': contentType,
    'content-security-policy': options.csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });

  const fail = (res: ServerResponse, status: number, text: string) =>
    res.writeHead(status, headers('text/plain; charset=utf-8')).end(text);

  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      fail(res, 405, 'Method not allowed');
      return;
    }
    void locate(req.url ?? '/').then(async (file) => {
      if (!file) {
        fail(res, 404, 'Not found');
        return;
      }
      const type = MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      try {
        const body = await readFile(file);
        res.writeHead(200, { ...headers(type), 'content-length': body.length });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        fail(res, 500, 'Could not read the file');
      }
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
