import type { SignInFlow } from '../../../contract/domain.ts';

/** Cards shown at most; sign-ins still waiting and failures always show. */
export const MAX_SIGN_IN_CARDS = 3;

/**
 * Like toasts, finished sign-ins do not pile up: beyond {@link MAX_SIGN_IN_CARDS} cards, the
 * oldest successes and cancellations leave first (they go by themselves a few seconds later).
 */
export function withoutPileUp<T extends Pick<SignInFlow, 'status'>>(flows: readonly T[]): T[] {
  let excess = flows.length - MAX_SIGN_IN_CARDS;
  if (excess <= 0) return [...flows];
  return flows.filter((flow) => {
    const done = flow.status === 'succeeded' || flow.status === 'cancelled';
    if (!done || excess <= 0) return true;
    excess--;
    return false;
  });
}
