import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * How the built renderer is addressed in the app: a privileged custom scheme instead of
 * `file://`, so the page gets a real origin, a CSP response header and no file-system reach
 * beyond its own folder (Electron security checklist, items 18 and 7).
 */
export const RENDERER_SCHEME = 'app';
export const RENDERER_HOST = 'renderer';
export const RENDERER_ORIGIN = `${RENDERER_SCHEME}://${RENDERER_HOST}`;
export const RENDERER_ENTRY_URL = `${RENDERER_ORIGIN}/index.html`;

/**
 * The renderer's Content Security Policy, sent as a response header. The meta tag in
 * renderer/index.html carries the same policy (a test keeps them equal) except
 * `frame-ancestors`, which only a header can enforce.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Maps an `app://renderer/…` request to a file inside `rootDir`, or null when the request
 * must not be served: another scheme or host, an undecodable path, a NUL byte or backslash, or a
 * path that would leave `rootDir` (`..`, encoded `%2e%2e` or `%2f`). A path
 * ending in `/` serves that folder's `index.html`; query and fragment are ignored.
 */
export function resolveRendererPath(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${RENDERER_SCHEME}:` || url.host !== RENDERER_HOST) return null;

  let pathname: string;
  try {
    // The URL parser already removed literal dot segments; decoding can reintroduce them
    // (`%2e%2e%2f`), which is why containment is checked on the resolved path below.
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  // Our own bundle never asks for these; refusing them keeps the check platform-independent.
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '' || pathname.endsWith('/')) pathname += 'index.html';

  const root = resolve(rootDir);
  const candidate = resolve(root, `.${pathname.startsWith('/') ? '' : '/'}${pathname}`);
  const inside = relative(root, candidate);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return null;
  }
  return candidate;
}

/** The Content-Type for a renderer file; unknown extensions are served as opaque bytes. */
export function rendererContentType(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}
