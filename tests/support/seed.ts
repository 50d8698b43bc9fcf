import { randomInt } from 'node:crypto';
import { onTestFailed } from 'vitest';

/** The environment variable that replays a random test: `TEST_SEED=123 npx vitest run …`. */
export const SEED_VARIABLE = 'TEST_SEED';

/**
 * The seed of a random test: `TEST_SEED` when set (to replay a failure), otherwise a fresh
 * one. Call it inside the test; when the test fails, the seed and how to replay it are
 * printed.
 */
export function testSeed(): number {
  const fromEnv = process.env[SEED_VARIABLE];
  const seed = fromEnv ? Number(fromEnv) : randomInt(2 ** 31);
  if (!Number.isSafeInteger(seed)) throw new Error(`${SEED_VARIABLE} must be an integer`);
  onTestFailed(() => {
    console.error(`Random test failed with seed ${seed}. Replay it: ${SEED_VARIABLE}=${seed}`);
  });
  return seed;
}

/** A small deterministic generator (mulberry32): the same seed gives the same numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
