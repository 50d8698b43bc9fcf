import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const BRIDGE_ENTRY = fileURLToPath(new URL('./browser-bridge.ts', import.meta.url));

let cached: Promise<string> | undefined;

/**
 * Bundles browser-bridge.ts (with `createTokenManagerApi` from preload/api.ts) into one IIFE
 * for `addInitScript`. Built once per process, in memory; takes a fraction of a second.
 */
export function bridgeScript(): Promise<string> {
  cached ??= bundle().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

async function bundle(): Promise<string> {
  const result = await build({
    configFile: false,
    envFile: false,
    publicDir: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: BRIDGE_ENTRY, formats: ['iife'], name: 'TokenDeskBridge' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const output of outputs) {
    if (!('output' in output)) continue;
    const chunk = output.output.find((item) => item.type === 'chunk' && item.isEntry);
    if (chunk && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('Bundling the browser bridge produced no script.');
}
