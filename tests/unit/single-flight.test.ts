import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../main/core/single-flight.ts';

/** A promise the test settles by hand, to hold an operation "in flight". */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('runs one operation per key and gives every caller its result', async () => {
    const flight = new SingleFlight<string>();
    const gate = deferred<string>();
    let runs = 0;
    const operation = () => {
      runs++;
      return gate.promise;
    };
    const first = flight.run('acc-1', operation);
    const second = flight.run('acc-1', operation);
    const third = flight.run('acc-1', operation);
    expect(runs).toBe(1);
    gate.resolve('new tokens');
    expect(await Promise.all([first, second, third])).toEqual([
      'new tokens',
      'new tokens',
      'new tokens',
    ]);
  });

  it('runs different keys independently and at the same time', async () => {
    const flight = new SingleFlight<string>();
    const a = deferred<string>();
    const b = deferred<string>();
    const started: string[] = [];
    const ra = flight.run('a', () => (started.push('a'), a.promise));
    const rb = flight.run('b', () => (started.push('b'), b.promise));
    expect(started).toEqual(['a', 'b']);
    b.resolve('B');
    expect(await rb).toBe('B');
    a.resolve('A');
    expect(await ra).toBe('A');
  });

  it('shares a failure with every waiting caller', async () => {
    const flight = new SingleFlight<string>();
    const gate = deferred<string>();
    const first = flight.run('acc-1', () => gate.promise);
    const second = flight.run('acc-1', () => Promise.resolve('should not run'));
    gate.reject(new Error('invalid_grant'));
    await expect(first).rejects.toThrow('invalid_grant');
    await expect(second).rejects.toThrow('invalid_grant');
  });

  it('runs the operation again once the previous one has settled (success or failure)', async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    expect(await flight.run('k', async () => ++runs)).toBe(1);
    expect(await flight.run('k', async () => ++runs)).toBe(2);
    await expect(
      flight.run('k', async () => {
        runs++;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await flight.run('k', async () => ++runs)).toBe(4);
  });
});
