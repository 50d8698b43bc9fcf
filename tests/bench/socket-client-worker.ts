/**
 * The client side of the socket benchmarks, on its own thread (its own event loop, as a
 * script's process would be): `runs` sequential round trips of one request per connection,
 * the way oidc-agent's clients talk. Posts the samples in microseconds.
 */
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

const { socketPath, payload, runs } = workerData as {
  socketPath: string;
  payload: string;
  runs: number;
};

function roundTrip(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath, () => socket.write(payload));
    let size = 0;
    socket.on('data', (chunk: Buffer) => (size += chunk.length));
    socket.on('error', reject);
    socket.on('close', () => (size > 0 ? resolve() : reject(new Error('empty reply'))));
  });
}

for (let i = 0; i < 200; i++) await roundTrip(); // warm-up (JIT, caches)
const samples: number[] = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  await roundTrip();
  samples.push((performance.now() - start) * 1000);
}
parentPort?.postMessage(samples);
