import { useEffect, useReducer } from 'react';

/**
 * The current time, read on every render (so a new `expiresAt` is never compared with a stale
 * clock), and a re-render after `delayFor(now)` ms: each ticking label decides how often it
 * needs to change (every second near zero, every 15 s otherwise).
 */
export function useNow(delayFor: (now: number) => number = () => 1000): number {
  const [, tick] = useReducer((count: number) => count + 1, 0);
  // eslint-disable-next-line react-hooks/purity -- impure on purpose: see above.
  const now = Date.now();
  // Runs after every render, so it always sees this render's `delayFor`.
  useEffect(() => {
    const timer = setTimeout(tick, Math.max(250, delayFor(Date.now())));
    return () => clearTimeout(timer);
  });
  return now;
}
