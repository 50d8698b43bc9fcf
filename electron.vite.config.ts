import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Builds the three parts into out/: main (ESM), preload (CommonJS, as a sandboxed preload must
// be, with its imports bundled in) and the renderer (React). Runs without the Electron binary.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Maps let `npm run coverage` credit the sources for what the shell tests run of the
      // bundle; electron-builder.yml leaves them out of the package.
      sourcemap: true,
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'main/index.ts') } },
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
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
