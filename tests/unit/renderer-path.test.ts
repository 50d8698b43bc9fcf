import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  RENDERER_CSP,
  RENDERER_ENTRY_URL,
  rendererContentType,
  resolveRendererPath,
} from '../../main/core/renderer-path.ts';

const root = resolve('/opt/token-desk/out/renderer');

describe('resolveRendererPath', () => {
  const served: [string, string][] = [
    ['app://renderer/index.html', 'index.html'],
    ['app://renderer/', 'index.html'],
    ['app://renderer', 'index.html'],
    ['app://renderer/assets/index-BEzrbOeK.js', 'assets/index-BEzrbOeK.js'],
    ['app://renderer/assets/', 'assets/index.html'],
    ['app://renderer/index.html?x=1#/accounts', 'index.html'],
    ['app://renderer/assets/a%20b.css', 'assets/a b.css'],
    // Dot segments that stay inside the folder are harmless.
    ['app://renderer/assets/../index.html', 'index.html'],
    ['app://renderer/assets/%2e%2e/index.html', 'index.html'],
    // Too many `..` are clamped at the root by the URL parser itself.
    ['app://renderer/../../../etc/passwd', 'etc/passwd'],
    ['app://renderer/%2Fetc/passwd', 'etc/passwd'],
  ];
  it.each(served)('serves %s from the renderer folder', (url, file) => {
    expect(resolveRendererPath(root, url)).toBe(join(root, file));
  });

  const refused: [string, string][] = [
    ['app://renderer/..%2f..%2fetc%2fpasswd', 'an encoded slash that climbs out'],
    ['app://renderer/assets/..%2F..%2F..%2Fmain%2Findex.js', 'an encoded climb to main'],
    ['app://renderer/%2e%2e%2fpackage.json', 'encoded dots and slash'],
    ['app://renderer/..%5c..%5cwindows', 'backslashes'],
    ['app://renderer/index.html%00.png', 'a NUL byte'],
    ['app://renderer/%E0%A4%A', 'a malformed escape'],
    ['app://other/index.html', 'another host'],
    ['file:///etc/passwd', 'another scheme'],
    ['https://renderer/index.html', 'http(s)'],
    ['not a url', 'garbage'],
  ];
  it.each(refused)('refuses %s (%s)', (url) => {
    expect(resolveRendererPath(root, url)).toBeNull();
  });

  it('never returns a path outside the root for any climb it accepts', () => {
    const attempts = ['..', '%2e%2e', '.%2e', '%2e.', '..%2f', '%2e%2e%2f', '..%252f'];
    for (const a of attempts) {
      const path = resolveRendererPath(root, `app://renderer/${a}/${a}/secret`);
      if (path !== null) expect(path.startsWith(`${root}/`)).toBe(true);
    }
  });

  it('treats the entry URL as index.html', () => {
    expect(resolveRendererPath(root, RENDERER_ENTRY_URL)).toBe(join(root, 'index.html'));
  });
});

describe('rendererContentType', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['assets/index-abc.css', 'text/css; charset=utf-8'],
    ['assets/logo.SVG', 'image/svg+xml'],
    ['assets/font.woff2', 'font/woff2'],
    ['assets/icon.png', 'image/png'],
    ['assets/blob.bin', 'application/octet-stream'],
    ['LICENSE', 'application/octet-stream'],
  ])('%s is served as %s', (file, type) => {
    expect(rendererContentType(join(root, file))).toBe(type);
  });
});

describe('RENDERER_CSP', () => {
  it('is the policy of the meta tag in renderer/index.html, plus frame-ancestors', () => {
    const html = readFileSync(resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBeDefined();
    const normalize = (csp: string) =>
      csp
        .split(';')
        .map((d) => d.trim().replace(/\s+/g, ' '))
        .filter(Boolean)
        .sort();
    expect(normalize(RENDERER_CSP)).toEqual(normalize(`${meta![1]!}; frame-ancestors 'none'`));
  });

  it('allows no inline script, eval, remote connection or framing', () => {
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(RENDERER_CSP).toContain("connect-src 'none'");
    expect(RENDERER_CSP).toContain("frame-ancestors 'none'");
  });
});
