import { describe, expect, it } from 'vitest';
import type { SignInStatus } from '../../../contract/domain.ts';
import { MAX_SIGN_IN_CARDS, withoutPileUp } from '../../../renderer/src/lib/sign-in-cards.ts';

const flows = (...statuses: SignInStatus[]) =>
  statuses.map((status, i) => ({ id: `f${i}`, status }));
const ids = (list: { id: string }[]) => list.map((f) => f.id);

describe('sign-in cards', () => {
  it(`show at most ${MAX_SIGN_IN_CARDS}: the oldest finished successes leave first`, () => {
    const shown = withoutPileUp(flows('succeeded', 'succeeded', 'cancelled', 'succeeded'));
    expect(ids(shown)).toEqual(['f1', 'f2', 'f3']);
  });

  it('never hide a sign-in still waiting (its code may be on it) or a failure', () => {
    const shown = withoutPileUp(
      flows('waiting', 'failed', 'succeeded', 'exchanging', 'waiting', 'succeeded'),
    );
    expect(ids(shown)).toEqual(['f0', 'f1', 'f3', 'f4']);
  });

  it('leave a short list as it is', () => {
    expect(ids(withoutPileUp(flows('succeeded', 'waiting')))).toEqual(['f0', 'f1']);
  });
});
