import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * `npm run dev` only: Vite's dev server adds CSS as `<style>` elements and pushes updates over
 * a WebSocket to itself, both of which the renderer's CSP (renderer/index.html) forbids. The
 * built app keeps the strict policy; scripts stay 'self' in development too.
 */
export function devServerCsp(): Plugin {
  return {
    name: 'token-desk:dev-server-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace(/(http-equiv="Content-Security-Policy"\s+content=")([^"]*)"/, (_, head, csp) => {
        const relaxed = String(csp)
          .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
          .replace("connect-src 'none'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
        return `${String(head)}${relaxed}"`;
      }),
  };
}

// Builds the three parts into out/: main (ESM), preload (CommonJS, as a sandboxed preload must
// be, with its imports bundled in) and the renderer (React). Runs without the Electron binary.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Maps let `npm run coverage` credit the sources for what the shell tests run of the
      // bundle; electron-builder.yml leaves them out of the package.
      sourcemap: true,
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'main/index.ts'),
          // The token-desk command as plain JavaScript, for bin/token-desk.js (fast start).
          'token-desk': resolve(import.meta.dirname, 'main/cli/token-desk-main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      sourcemap: true,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react(), devServerCsp()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
