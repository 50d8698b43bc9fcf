import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { createClientKeys, loadSodium } from '../../main/core/agent/ipc-crypto.ts';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Sends raw bytes and collects everything the agent writes until it closes (or `timeoutMs`). */
export function rawExchange(
  socketPath: string,
  payload: string | Buffer,
  timeoutMs = 10_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the agent did not close the connection in time'));
    }, timeoutMs);
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** A plain-JSON request, as oidc-agent's Python and Go libraries send it. */
export async function plainRequest(
  socketPath: string,
  request: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return JSON.parse(await rawExchange(socketPath, JSON.stringify(request))) as Record<
    string,
    unknown
  >;
}

/** The encrypted exchange `oidc-token` does, from Node (for tests and the benchmark). */
export async function encryptedRequest(
  socketPath: string,
  request: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  await loadSodium();
  const keys = createClientKeys();
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let session: ReturnType<typeof keys.connect> | undefined;
    let received = '';
    socket.on('connect', () => socket.write(keys.publicKey));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (!session) {
        if (received.length < 44) return;
        session = keys.connect(received);
        received = '';
        socket.write(session.encrypt(JSON.stringify(request)));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const plain = received.startsWith('{') ? received : session?.decrypt(received);
      if (!plain) reject(new Error(`undecryptable response: ${received.slice(0, 80)}`));
      else resolve(JSON.parse(plain) as Record<string, unknown>);
    });
  });
}

/** Runs a program with a clean environment plus `env`, capturing its output. */
export function run(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  options: { input?: string; timeoutMs?: number } = {},
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      {
        env: {
          PATH: process.env['PATH'] ?? '/usr/bin:/bin',
          HOME: process.env['HOME'] ?? '/',
          ...env,
        },
        timeout: options.timeoutMs ?? 20_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Debian's `oidc-token` (package oidc-agent-cli) against the agent at `socketPath`. */
export function oidcToken(socketPath: string, args: readonly string[]): Promise<ProcessResult> {
  return run('oidc-token', args, { OIDC_SOCK: socketPath });
}
