#!/usr/bin/env node
// `npx token-desk …` in a checkout: Node ≥ 22.18 loads the TypeScript module directly.
// Packaged apps run the same code from the app's own executable (see main/index.ts).
import { runTokenDesk } from '../main/cli/token-desk.ts';

process.exitCode = await runTokenDesk(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
