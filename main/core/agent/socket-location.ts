import { lstat, mkdir, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../errors.ts';

/**
 * Where the agent socket lives: `$XDG_RUNTIME_DIR/token-desk/agent.sock` (a per-user 0700
 * folder the session provides), else `<temp>/token-desk-<uid>/agent.sock`; on Windows a named
 * pipe named after the user (the default pipe ACL lets only its creator, SYSTEM and
 * administrators write to it).
 */
export function defaultSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') {
    return `\\\\.\\pipe\\token-desk-${safeName(userInfo().username)}`;
  }
  const runtime = env['XDG_RUNTIME_DIR'];
  const folder = runtime ? join(runtime, 'token-desk') : join(tmpdir(), `token-desk-${uid()}`);
  return join(folder, 'agent.sock');
}

/**
 * Makes the socket's folder 0700 and checks it is ours: a folder someone else created (or a
 * symlink) in a shared temp folder could let them replace the socket. Removes a stale socket
 * file, and refuses when another agent still answers there.
 */
export async function prepareSocketPath(socketPath: string): Promise<void> {
  if (process.platform === 'win32') return;
  const folder = join(socketPath, '..');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const info = await lstat(folder);
  if (!info.isDirectory() || info.isSymbolicLink()) {
    throw new AppError('INVALID_INPUT', `${folder} is not a folder; remove it and try again.`);
  }
  if (info.uid !== uid() || (info.mode & 0o077) !== 0) {
    throw new AppError(
      'INVALID_INPUT',
      `${folder} belongs to another user or others can open it; remove it and try again.`,
    );
  }
  const existing = await lstat(socketPath).catch(() => null);
  if (!existing) return;
  if (!existing.isSocket()) {
    throw new AppError('INVALID_INPUT', `${socketPath} exists and is not a socket.`);
  }
  if (await answers(socketPath)) {
    throw new AppError(
      'INVALID_INPUT',
      'Another Token Desk is already serving scripts on this socket. Quit it first.',
    );
  }
  await unlink(socketPath);
}

/** The line a user pastes into a shell (or its profile). */
export function exportLine(socketPath: string): string {
  if (process.platform === 'win32') return `$env:OIDC_SOCK = "${socketPath}"`;
  return `export OIDC_SOCK=${shellQuote(socketPath)}`;
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socketPath);
    probe.setTimeout(500);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
    probe.once('timeout', () => {
      probe.destroy();
      resolve(false);
    });
  });
}

function uid(): number {
  return process.getuid?.() ?? 0;
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'user';
}
