import { describe, expect, it } from 'vitest';
import { BoundedRunner } from '../../main/core/bounded-runner.ts';

/** A task that finishes when the test says so. */
function gate<T>(value: T) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { task: async () => (await opened, value), open };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BoundedRunner', () => {
  it('runs at most `concurrency` tasks, at most `perGroup` per group, and queues the rest', async () => {
    const runner = new BoundedRunner({ concurrency: 3, perGroup: 2 });
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate<string>>>();
    const submit = (key: string, group: string) => {
      const g = gate(key);
      gates.set(key, g);
      return runner.run(key, group, () => (started.push(key), g.task()));
    };
    const results = [
      submit('a1', 'a'),
      submit('a2', 'a'),
      submit('a3', 'a'),
      submit('b1', 'b'),
      submit('b2', 'b'),
    ];
    await tick();
    // a3 waits for its group, b2 for a free slot.
    expect(started).toEqual(['a1', 'a2', 'b1']);
    gates.get('a1')!.open();
    await tick();
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3']);
    for (const g of gates.values()) g.open();
    expect(await Promise.all(results)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
    expect(runner.size).toBe(0);
  });

  it('reads bounds given as a function each time: a changed setting applies to what is queued', async () => {
    let bounds = { concurrency: 1, perGroup: 1 };
    const runner = new BoundedRunner(() => bounds);
    const started: string[] = [];
    const gates = ['a', 'b', 'c'].map((key) => {
      const g = gate(key);
      void runner.run(key, 'p', () => (started.push(key), g.task()));
      return g;
    });
    await tick();
    expect(started).toEqual(['a']);
    bounds = { concurrency: 4, perGroup: 2 };
    gates[0]!.open();
    await tick();
    // Two at the provider now, not three.
    expect(started).toEqual(['a', 'b', 'c']);
    for (const g of gates) g.open();
  });

  it('never runs two tasks for one key: a second submission shares the first', async () => {
    const runner = new BoundedRunner({ concurrency: 4, perGroup: 4 });
    let runs = 0;
    const g = gate('done');
    const first = runner.run('acc', 'p', () => (runs++, g.task()));
    const second = runner.run('acc', 'p', () => (runs++, g.task()));
    g.open();
    expect(await Promise.all([first, second])).toEqual(['done', 'done']);
    expect(runs).toBe(1);
    // Once settled, the key runs again.
    await runner.run('acc', 'p', async () => void runs++);
    expect(runs).toBe(2);
  });

  it('passes failures (also synchronous throws) to the caller and keeps going', async () => {
    const runner = new BoundedRunner({ concurrency: 1, perGroup: 1 });
    const failing = runner.run('x', 'p', () => {
      throw new Error('boom');
    });
    const next = runner.run('y', 'p', async () => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
