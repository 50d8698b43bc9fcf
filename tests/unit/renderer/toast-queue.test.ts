import { describe, expect, it } from 'vitest';
import {
  MAX_TOASTS,
  addToast,
  identityKey,
  type QueuedToast,
} from '../../../renderer/src/lib/toast-queue.ts';

const add = (
  list: QueuedToast[],
  key: string,
  tone: QueuedToast['tone'] = 'success',
  merge = true,
) => addToast(list, { key, tone }, merge);

describe('toast queue', () => {
  it(`shows at most ${MAX_TOASTS}, the oldest success leaving first`, () => {
    let list: QueuedToast[] = [];
    const dropped: string[] = [];
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      const r = add(list, key);
      list = r.list;
      dropped.push(...r.dropped);
    }
    expect(list.map((t) => t.key)).toEqual(['c', 'd', 'e']);
    expect(dropped).toEqual(['a', 'b']);
  });

  it('merges identical toasts into one, counted', () => {
    let list: QueuedToast[] = [];
    for (let i = 0; i < 5; i++)
      list = add(list, identityKey('success', 'Token refreshed', 'alice')!).list;
    expect(list).toEqual([{ key: expect.any(String), tone: 'success', count: 5 }]);
    // A keyed toast (the clipboard countdown) replaces instead of counting.
    list = add(list, 'clipboard', 'success', false).list;
    list = add(list, 'clipboard', 'success', false).list;
    expect(list.find((t) => t.key === 'clipboard')!.count).toBe(1);
  });

  it('keeps errors until dismissed: successes make room first', () => {
    let list: QueuedToast[] = [];
    list = add(list, 'err-1', 'error').list;
    list = add(list, 'ok-1').list;
    list = add(list, 'err-2', 'error').list;
    list = add(list, 'ok-2').list;
    expect(list.map((t) => t.key)).toEqual(['err-1', 'err-2', 'ok-2']);
    list = add(list, 'err-3', 'error').list;
    list = add(list, 'ok-3').list;
    expect(list.map((t) => t.key)).toEqual(['err-2', 'err-3', 'ok-3']);
  });

  it('identifies toasts by tone and text only', () => {
    expect(identityKey('success', 'Copied', 'alice')).toBe(
      identityKey('success', 'Copied', 'alice'),
    );
    expect(identityKey('success', 'Copied', 'alice')).not.toBe(
      identityKey('error', 'Copied', 'alice'),
    );
    expect(identityKey('success', 'Copied', 'bob')).not.toBe(
      identityKey('success', 'Copied', 'alice'),
    );
    expect(identityKey('success', { rich: true }, 'alice')).toBeUndefined();
  });
});
