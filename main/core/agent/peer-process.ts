import { execFile } from 'node:child_process';
import { readlink } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { PeerProcess } from '../../../contract/domain.ts';

/**
 * Who is on the other end of a UNIX socket connection, on Linux. Node has no SO_PEERCRED, so
 * this asks the kernel through iproute2's `ss` (sock_diag): our end's inode comes from
 * /proc/self/fd, `ss -xp` names the process holding the socket whose peer is that inode, and
 * /proc/<pid>/exe names its executable. Anything unavailable (another OS, no `ss`, a process
 * that already exited) yields null; the prompt then says the process is unknown.
 */

const SS_TIMEOUT_MS = 2_000;
const SS_ROW = /\s(\d+)\s+\S+\s+(\d+)\s+users:\(\("(?:[^"\\]|\\.)*",pid=(\d+),/;

export async function identifyPeerProcess(socket: Socket): Promise<PeerProcess | null> {
  if (process.platform !== 'linux') return null;
  const fd = (socket as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) return null;
  try {
    const link = await readlink(`/proc/self/fd/${fd}`);
    const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
    if (!inode) return null;
    const pid = findPeerPid(await runSs(), inode);
    if (pid === null) return null;
    return { pid, executable: await readlink(`/proc/${pid}/exe`).catch(() => null) };
  } catch {
    return null;
  }
}

/** The pid holding the socket whose peer is `ownInode`, from `ss -xpnH` output. */
export function findPeerPid(ssOutput: string, ownInode: string): number | null {
  for (const line of ssOutput.split('\n')) {
    const match = SS_ROW.exec(line);
    if (match && match[2] === ownInode && match[1] !== ownInode) return Number(match[3]);
  }
  return null;
}

function runSs(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'ss',
      ['-xpnH'],
      { timeout: SS_TIMEOUT_MS, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout) => (error ? reject(new Error(error.message)) : resolve(stdout)),
    );
  });
}
