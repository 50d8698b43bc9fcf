/**
 * Benchmarks of the scripts' socket: a cached token over the raw socket against a bare Node
 * echo server as the floor, Debian's `oidc-token` per call, and `token-desk token` start-up
 * against bare `node`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Harness } from '../support/core-harness.ts';

export interface AgentBenchRow {
  name: string;
  unit: 'µs' | 'ms';
  samples: number[];
  /** Goal for the median, in `unit`; undefined for rows shown for comparison. */
  goal?: number;
}

const BIN = join(import.meta.dirname, '../../bin/token-desk.js');

function clientRoundTrips(socketPath: string, payload: string, runs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./socket-client-worker.ts', import.meta.url), {
      workerData: { socketPath, payload, runs },
    });
    worker.once('message', (samples: number[]) => {
      resolve(samples);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

async function spawnTimes(command: string, args: string[], env: NodeJS.ProcessEnv, runs: number) {
  const once = () =>
    new Promise<void>((resolve, reject) =>
      execFile(command, args, { env }, (error) =>
        error ? reject(new Error(error.message)) : resolve(),
      ),
    );
  await once();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    samples.push(performance.now() - start);
  }
  return samples;
}

/** `h` has an account "work" with script access "always" and the socket running. */
export async function benchAgent(h: Harness): Promise<AgentBenchRow[]> {
  const socketPath = h.core.agent.status().socketPath!;
  const request = JSON.stringify({
    request: 'access_token',
    account: 'work',
    min_valid_period: 60,
  });
  const rows: AgentBenchRow[] = [];

  const dir = await mkdtemp(join(tmpdir(), 'token-desk-bench-'));
  const echoPath = join(dir, 'echo.sock');
  const echo = createServer((socket) => socket.on('data', (data) => socket.end(data)));
  await new Promise<void>((resolve) => echo.listen(echoPath, resolve));
  try {
    rows.push({
      name: 'bare Node socket echo (floor)',
      unit: 'µs',
      samples: await clientRoundTrips(echoPath, request, 2000),
    });
  } finally {
    echo.close();
    await rm(dir, { recursive: true, force: true });
  }
  rows.push({
    name: 'cached token over the raw socket (JSON)',
    unit: 'µs',
    goal: 113,
    samples: await clientRoundTrips(socketPath, request, 2000),
  });

  const env = { PATH: process.env['PATH'] ?? '', OIDC_SOCK: socketPath };
  rows.push({
    name: 'spawn floor: /bin/true',
    unit: 'ms',
    samples: await spawnTimes('/bin/true', [], env, 100),
  });
  rows.push({
    name: 'oidc-token work (encrypted exchange)',
    unit: 'ms',
    goal: 2.3,
    samples: await spawnTimes('oidc-token', ['work'], env, 100),
  });
  rows.push({
    name: 'bare node -e 0 (floor)',
    unit: 'ms',
    samples: await spawnTimes(process.execPath, ['-e', '0'], env, 30),
  });
  rows.push({
    name: 'token-desk token work',
    unit: 'ms',
    samples: await spawnTimes(process.execPath, [BIN, 'token', 'work'], env, 30),
  });
  return rows;
}
