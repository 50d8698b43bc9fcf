import { useSyncExternalStore } from 'react';

/**
 * One clock for every countdown in the window. It ticks once a second while anything listens;
 * each listener derives the text it shows from the time, and React re-renders a component only
 * when that text changed. A tick with 1,000 rows on screen costs 1,000 small function calls
 * and re-renders only the rows whose words moved (mostly none: "expires in 42 min").
 */
const listeners = new Set<() => void>();
let timer: number | undefined;

function tick(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) timer = window.setInterval(tick, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * What `select` makes of the current time, kept current by the shared clock. `select` must
 * return a primitive (a string), so "no visible change" means "no re-render".
 */
export function useClock<T extends string | number | boolean>(select: (now: number) => T): T {
  // Read fresh each time, so a new expiry is never compared with a time up to a second old.
  return useSyncExternalStore(subscribe, () => select(Date.now()));
}
