import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sep } from 'node:path';
import {
  RENDERER_CSP,
  RENDERER_ORIGIN,
  rendererContentType,
  resolveRendererPath,
} from '../../main/core/renderer-path.ts';

/**
 * Serves the built renderer (out/renderer) on 127.0.0.1 the way the app's `app://renderer`
 * protocol does, with the same code: its path resolution (no traversal, no NUL, no encoded
 * slashes), its MIME types and its CSP as a response header. On top, symlinks must not lead
 * out of the folder, and nothing but files is served (no listings).
 */
export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

export async function startStaticServer(rootDir: string): Promise<StaticServer> {
  const root = await realpath(rootDir);

  async function locate(requestPath: string): Promise<string | undefined> {
    const path = resolveRendererPath(root, `${RENDERER_ORIGIN}${requestPath}`);
    if (!path) return undefined;
    try {
      const real = await realpath(path);
      if (!real.startsWith(root + sep) || !(await stat(real)).isFile()) return undefined;
      return real;
    } catch {
      return undefined;
    }
  }

  const headers = (contentType: string) => ({
    'content-type': contentType,
    'content-security-policy': RENDERER_CSP,
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
    const requestPath = req.url?.startsWith('/') ? req.url : '/';
    void locate(requestPath).then(async (file) => {
      if (!file) {
        fail(res, 404, 'Not found');
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, {
          ...headers(rendererContentType(file)),
          'content-length': body.length,
        });
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
