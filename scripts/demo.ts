/**
 * `npm run demo`: the local OpenID provider behind the app's "Local demo provider" preset, on
 * 127.0.0.1:4455 with its own login and consent pages (any user name and password) and the
 * public client `token-desk-demo`. Also used by `npm run preview`.
 */
import { createServer } from 'node:net';
import { DEMO_CLIENT_ID, DEMO_ISSUER } from '../main/core/providers/presets.ts';
import { startDemoProvider, type DemoProvider } from './demo-idp.ts';

export const DEMO_PORT = Number(new URL(DEMO_ISSUER).port);

/** A failure to explain in one sentence, without a stack trace. */
export class DemoError extends Error {}

/** Whether a demo provider (ours, from another terminal) already answers on the demo port. */
export async function demoIdpRunning(): Promise<boolean> {
  try {
    const res = await fetch(`${DEMO_ISSUER}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(1500),
    });
    const body = (await res.json()) as { issuer?: unknown };
    return body.issuer === DEMO_ISSUER;
  } catch {
    return false;
  }
}

async function ensurePortFree(port: number): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new DemoError(
          err.code === 'EADDRINUSE'
            ? `Port ${port} on 127.0.0.1 is already in use by another program; stop it and run this again.`
            : `Could not listen on 127.0.0.1:${port} (${err.code ?? err.message}).`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** Starts the demo provider on its fixed port, or throws a {@link DemoError}. */
export async function startDemoIdp(): Promise<DemoProvider> {
  if (await demoIdpRunning()) {
    throw new DemoError(`The demo provider is already running at ${DEMO_ISSUER}.`);
  }
  await ensurePortFree(DEMO_PORT);
  return startDemoProvider(DEMO_PORT, DEMO_CLIENT_ID);
}

/** One line for the console: our sentence, or the first line of anything unexpected. */
export function oneSentence(err: unknown): string {
  if (err instanceof DemoError) return err.message;
  const text = err instanceof Error ? err.message : String(err);
  return `Something went wrong: ${text.split('\n')[0]}`;
}

async function main(): Promise<void> {
  let idp: DemoProvider;
  try {
    idp = await startDemoIdp();
  } catch (err) {
    console.error(oneSentence(err));
    process.exit(1);
  }
  process.stdout.write(
    [
      '',
      'Token Desk demo OpenID provider',
      `  Issuer     ${idp.issuer}`,
      `  Client ID  ${DEMO_CLIENT_ID} (public client: no secret, PKCE)`,
      '  Redirects  http://127.0.0.1/callback (any port), io.github.tokendesk:/oauth/callback',
      '  Sign in    any user name and password, then confirm the consent page',
      '',
      'In Token Desk choose "Try the local demo provider" (or Add provider > Local demo provider),',
      'then Sign in. Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const stop = () => void idp.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await main();
