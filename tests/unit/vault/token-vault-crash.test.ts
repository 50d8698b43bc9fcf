import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { seededRandom, testSeed } from '../../support/seed.ts';
import { PASSPHRASE, openVault, useTempVaultFolder } from './vault-files.ts';

const NODE = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url));
const WRITER = fileURLToPath(new URL('./fixtures/vault-writer.ts', import.meta.url));
const ITERATIONS = 15;

const tmp = useTempVaultFolder();
/** The passphrase the re-keying writer switches to and back from. */
const OTHER_PASSPHRASE = `${PASSPHRASE} (changed)`;

interface Writer {
  /** Record numbers the writer reported as committed, in order. */
  committed: number[];
  /** How many protection changes the writer reported as done. */
  rekeys: () => number;
  /**
   * Lets the writer open the vault, then kills it `runMs` after it is ready, or after it
   * reported its first commit when `afterFirstCommit` is set.
   */
  runAndKill(runMs: number, afterFirstCommit?: boolean): Promise<number[]>;
}

/**
 * Starts a writer that loads its modules and waits. Starting the next writer while the
 * previous one runs keeps the loop fast; only one ever touches the vault at a time.
 */
function startWriter(filePath: string, first: number, mode: Mode): Writer {
  const rekey = mode === 'rekey';
  const args = [WRITER, filePath, PASSPHRASE, String(first), ...(rekey ? [OTHER_PASSPHRASE] : [])];
  const child = spawn(NODE, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, VAULT_WRITER_CONCURRENT: mode === 'concurrent' ? '1' : '0' },
  });
  const committed: number[] = [];
  let rekeys = 0;
  let stdout = '';
  let stderr = '';
  let onReady: (() => void) | undefined;
  let onCommit: (() => void) | undefined;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    const lines = stdout.split('\n');
    stdout = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ready') onReady?.();
      if (line === 'rekeyed') rekeys++;
      const match = /^committed (\d+)$/.exec(line);
      if (match) {
        committed.push(Number(match[1]));
        onCommit?.();
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(signal);
      else reject(new Error(`writer exited by itself (code ${code}): ${stderr}`));
    });
  });
  // Keep an early failure from going unhandled while the writer waits its turn.
  exited.catch(() => undefined);

  return {
    committed,
    rekeys: () => rekeys,
    async runAndKill(runMs, afterFirstCommit = false) {
      const ready = new Promise<void>((resolve) => (onReady = resolve));
      const firstCommit = new Promise<void>((resolve) => (onCommit = resolve));
      child.stdin.write('go\n');
      await Promise.race([afterFirstCommit ? firstCommit : ready, exited]);
      await new Promise((resolve) => setTimeout(resolve, runMs));
      child.kill('SIGKILL');
      await exited;
      return committed;
    },
  };
}

/** Sequential puts; puts with re-keying in between; eight puts of different records at once. */
type Mode = 'sequential' | 'rekey' | 'concurrent';

/**
 * One writer at a time per vault file: kill it at a random moment, then check the file as the
 * app would on its next start.
 */
async function crashRepeatedly(
  filePath: string,
  iterations: number,
  random: () => number,
  mode: Mode = 'sequential',
): Promise<{ committed: number; rekeys: number }> {
  const rekey = mode === 'rekey';
  const dir = dirname(filePath);
  const everCommitted: number[] = [];
  let rekeys = 0;
  let latestCommitted = -1;

  let next: Writer | undefined = startWriter(filePath, 0, mode);
  for (let i = 0; i < iterations; i++) {
    const current: Writer = next!;
    next = i + 1 < iterations ? startWriter(filePath, (i + 1) * 100_000, mode) : undefined;
    // Random moments, from "right after unlocking" to a few dozen writes in. Every other kill
    // waits for a first commit, so kills land mid-write however slow the disk is. The seed
    // replays the same kill delays (where in a write they land also depends on the machine).
    // A re-key derives two scrypt keys, so its writers get longer before the kill.
    const runMs = Math.floor(random() * (rekey ? 150 : 40));
    const committed = await current.runAndKill(runMs, i % 2 === 1);
    everCommitted.push(...committed);
    rekeys += current.rekeys();
    if (committed.length) latestCommitted = committed[committed.length - 1]!;

    // The file parses as JSON, and the vault loads and unlocks with the passphrase.
    JSON.parse(await readFile(filePath, 'utf8'));
    expect((await stat(filePath)).mode & 0o777).toBe(0o600);
    const vault = openVault(filePath);
    expect((await vault.load()).state).toBe('locked');
    // Old protection or new, never a mix: exactly one passphrase opens the file, and opening
    // verifies the MAC over the header and every record.
    const opened: string[] = [];
    for (const passphrase of rekey ? [PASSPHRASE, OTHER_PASSPHRASE] : [PASSPHRASE]) {
      try {
        await vault.unlock(passphrase);
        opened.push(passphrase);
        vault.lock();
      } catch (err) {
        expect((err as { code?: string }).code).toBe('WRONG_PASSPHRASE');
      }
    }
    expect(opened).toHaveLength(1);
    await vault.unlock(opened[0]!);
    for (const n of everCommitted) {
      expect(vault.get<{ n: number }>(`record:${n}`)?.n, `record ${n} after kill ${i}`).toBe(n);
    }
    // "latest" is rewritten on every step: it is never older than the last reported commit.
    if (latestCommitted >= 0 && mode !== 'concurrent') {
      expect(vault.get<{ n: number }>('latest')?.n).toBeGreaterThanOrEqual(latestCommitted);
    }
    // Whatever a kill left behind is only ever the vault's own private temporary files.
    for (const name of await readdir(dir)) {
      if (name === basename(filePath)) continue;
      expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600);
      if (name === `${basename(filePath)}.journal`) continue;
      expect(name).toMatch(/^\.vault\.json\.\d+\.[0-9a-f]+\.tmp$/);
      expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600);
    }
  }
  return { committed: everCommitted.length, rekeys };
}

it(`survives being killed mid-write ${ITERATIONS} times: every committed record is on disk`, async () => {
  const { committed } = await crashRepeatedly(tmp.vaultFile, ITERATIONS, seededRandom(testSeed()));
  // The kills did land while the writer was working, not only before its first write.
  expect(committed).toBeGreaterThan(0);
}, 60_000);

it(`survives being killed ${ITERATIONS} times while re-keying: old or new protection, never a mix or a lost record`, async () => {
  const { committed, rekeys } = await crashRepeatedly(
    tmp.vaultFile,
    ITERATIONS,
    seededRandom(testSeed()),
    'rekey',
  );
  expect(committed).toBeGreaterThan(0);
  // Protection did change between kills, so some kills landed around a re-key.
  expect(rekeys).toBeGreaterThan(0);
}, 90_000);

it(`survives being killed ${ITERATIONS} times amid concurrent puts of different records: every one reported committed is on disk`, async () => {
  const { committed } = await crashRepeatedly(
    tmp.vaultFile,
    ITERATIONS,
    seededRandom(testSeed()),
    'concurrent',
  );
  expect(committed).toBeGreaterThan(0);
}, 60_000);
