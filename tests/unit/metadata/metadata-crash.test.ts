import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Conf from 'conf';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MetadataStore } from '../../../main/core/metadata/metadata-store.ts';
import { seededRandom, testSeed } from '../../support/seed.ts';

const NODE = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url));
const WRITER = fileURLToPath(new URL('./fixtures/metadata-writer.ts', import.meta.url));
const ITERATIONS = 12;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'token-desk-metadata-crash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs a writer until `runMs` after its first commit, kills it, and answers what it committed. */
async function runAndKill(first: number, runMs: number): Promise<number[]> {
  const child = spawn(NODE, [WRITER, dir, String(first)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const committed: number[] = [];
  let stderr = '';
  let onCommit: (() => void) | undefined;
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^committed (\d+)$/.exec(line);
      if (match) {
        committed.push(Number(match[1]));
        onCommit?.();
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited (${code}): ${stderr}`)),
    );
  });
  const firstCommit = new Promise<void>((resolve) => (onCommit = resolve));
  child.stdin.write('go\n');
  await Promise.race([firstCommit, exited]);
  await new Promise((resolve) => setTimeout(resolve, runMs));
  child.kill('SIGKILL');
  await exited;
  return committed;
}

it(`metadata survives being killed mid-write ${ITERATIONS} times: every saved account is there`, async () => {
  const random = seededRandom(testSeed());
  const everCommitted: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const committed = await runAndKill(i * 100_000, Math.floor(random() * 60));
    everCommitted.push(...committed);

    // Opened as the app opens it on its next start.
    JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8'));
    const store = new MetadataStore(
      new Conf<Record<string, unknown>>({ cwd: dir, configName: 'metadata' }),
    );
    for (const n of everCommitted) {
      expect(
        store.getAccount(`account:${n}`)?.lastRefreshedAt,
        `account ${n} after kill ${i}`,
      ).toBe(n);
    }
    const last = committed.at(-1);
    if (last !== undefined) {
      expect(store.getAccount('latest')?.lastRefreshedAt).toBeGreaterThanOrEqual(last);
    }
    for (const name of await readdir(dir)) {
      expect((await stat(join(dir, name))).mode & 0o777, name).toBe(0o600);
    }
  }
  // Kills landed while the writer was working, and the journal was folded along the way.
  expect(everCommitted.length).toBeGreaterThan(ITERATIONS * 10);
}, 60_000);
