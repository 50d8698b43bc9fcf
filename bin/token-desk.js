#!/usr/bin/env node
// `npx token-desk …` in a checkout. After `npm run build` it runs the bundled JavaScript
// (out/main/token-desk.js), which starts about as fast as node itself; before a build it runs
// the TypeScript source (Node ≥ 22.18 strips the types, which costs a few hundred ms).
// Packaged apps run the same command from the app's own executable (see main/index.ts).
import { existsSync } from 'node:fs';

const built = new URL('../out/main/token-desk.js', import.meta.url);
await import(existsSync(built) ? built.href : '../main/cli/token-desk-main.ts');
