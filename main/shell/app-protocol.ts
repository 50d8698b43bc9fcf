import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import {
  RENDERER_CSP,
  RENDERER_SCHEME,
  rendererContentType,
  resolveRendererPath,
} from '../core/renderer-path.ts';

/**
 * Declares `app:` a standard, secure scheme. Must run before `ready`: a standard scheme gives
 * the renderer a real origin (`app://renderer`), relative URLs and storage; secure makes it a
 * secure context. It does not bypass CSP and allows no service workers.
 */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: RENDERER_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/**
 * Serves the built renderer from `rendererDir` at `app://renderer/…` (instead of `file://`),
 * read-only, with the CSP as a response header. Anything outside `rendererDir` is a 404.
 */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(RENDERER_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405 });
    }
    const filePath = resolveRendererPath(rendererDir, request.url);
    if (!filePath) return notFound();
    let body: Buffer;
    try {
      body = await readFile(filePath);
    } catch {
      return notFound();
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': rendererContentType(filePath),
        'Content-Security-Policy': RENDERER_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
      },
    });
  });
}

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
