import { describe, expect, it } from 'vitest';
import { chunksToShow, chunksWithin } from '../../../renderer/src/lib/row-window.ts';

const never = () => false;

describe('which chunks of a long list are in the page', () => {
  it('shows the chunks near the view and drops the others', () => {
    const shown = new Set([0, 1]);
    expect([...chunksToShow({ shown, near: [1, 2], pinned: never })].sort()).toEqual([1, 2]);
  });

  it('keeps a chunk that holds the focus or an open dialog, though it is far', () => {
    const shown = new Set([0, 1]);
    const next = chunksToShow({ shown, near: [5], pinned: (chunk) => chunk === 0 });
    expect([...next].sort()).toEqual([0, 5]);
  });

  it('never adds a pinned chunk that was not in the page', () => {
    expect([...chunksToShow({ shown: new Set([3]), near: [3], pinned: () => true })]).toEqual([3]);
  });

  it('returns the same set when nothing changes, so nothing re-renders', () => {
    const shown = new Set([2, 3]);
    expect(chunksToShow({ shown, near: [3, 2, 3], pinned: never })).toBe(shown);
  });
});

describe('the chunks a placeholder stands for that are near the view', () => {
  const sixty = () => 60;

  it('finds the chunks overlapping the near part of the placeholder', () => {
    // Chunks 4…9, 60 px each: 4 at 0–60, 5 at 60–120, 6 at 120–180…
    expect(chunksWithin(4, 9, sixty, 0, 50)).toEqual([4]);
    expect(chunksWithin(4, 9, sixty, 70, 130)).toEqual([5, 6]);
    expect(chunksWithin(4, 9, sixty, 310, 360)).toEqual([9]);
  });

  it('counts a chunk that only touches the near part, so an edge never stalls the window', () => {
    expect(chunksWithin(4, 9, sixty, 0, 0)).toEqual([4]);
    expect(chunksWithin(4, 9, sixty, 300, 360)).toEqual([8, 9]);
  });

  it('uses measured heights where it has them', () => {
    const heights = new Map([[4, 200]]);
    const heightOf = (chunk: number) => heights.get(chunk) ?? 60;
    expect(chunksWithin(4, 9, heightOf, 150, 210)).toEqual([4, 5]);
  });

  it('finds nothing beyond the last chunk', () => {
    expect(chunksWithin(0, 1, sixty, 500, 600)).toEqual([]);
  });
});
