import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DueQueue } from '../../main/core/due-queue.ts';

type Op = { set: [string, number | null] } | { take: number };

const ops = fc.array(
  fc.oneof(
    fc.record({
      set: fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.option(fc.integer({ max: 100 }))),
    }),
    fc.record({ take: fc.integer({ max: 100 }) }),
  ),
  { maxLength: 300 },
);

describe('DueQueue', () => {
  it('answers what a plain map would: the earliest time, and every key due, earliest first', () => {
    fc.assert(
      fc.property(ops, (steps: Op[]) => {
        const queue = new DueQueue();
        const model = new Map<string, number>();
        for (const step of steps) {
          if ('set' in step) {
            const [key, at] = step.set;
            queue.set(key, at);
            if (at === null) model.delete(key);
            else model.set(key, at);
          } else {
            const due = [...model].filter(([, at]) => at <= step.take);
            for (const [key] of due) model.delete(key);
            const taken = queue.takeDue(step.take);
            expect(new Set(taken)).toEqual(new Set(due.map(([key]) => key)));
            const times = taken.map((key) => due.find(([k]) => k === key)![1]);
            expect(times).toEqual([...times].sort((x, y) => x - y));
          }
          const earliest = model.size ? Math.min(...model.values()) : undefined;
          expect(queue.earliest()).toBe(earliest);
          expect(queue.size).toBe(model.size);
        }
      }),
    );
  });
});
