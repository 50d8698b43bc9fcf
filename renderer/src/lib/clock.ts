import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useSyncExternalStore,
  type RefObject,
} from 'react';

/**
 * One clock for every countdown in the window. It ticks once a second while anything on screen
 * listens; each listener derives the text it shows from the time, and React re-renders a
 * component only when that text changed. Listeners tied to an element tick only while the
 * element is on screen: rows scrolled away (or rendered ahead of the scroll) cost nothing per
 * second, and catch up the moment they come back into view.
 */
const ticking = new Set<() => void>();
/** The listeners of each watched element, and whether it is on screen. */
const watched = new Map<Element, { listeners: Set<() => void>; onScreen: boolean }>();
let observer: IntersectionObserver | undefined;
let timer: number | undefined;

function tick(): void {
  for (const listener of ticking) listener();
}

/** Runs the timer exactly while some listener ticks. */
function updateTimer(): void {
  if (ticking.size > 0 && timer === undefined) timer = window.setInterval(tick, 1000);
  if (ticking.size === 0 && timer !== undefined) {
    window.clearInterval(timer);
    timer = undefined;
  }
}

function listen(listener: () => void): () => void {
  ticking.add(listener);
  updateTimer();
  return () => {
    ticking.delete(listener);
    updateTimer();
  };
}

function onVisibility(entries: IntersectionObserverEntry[]): void {
  for (const entry of entries) {
    const watch = watched.get(entry.target);
    if (!watch || watch.onScreen === entry.isIntersecting) continue;
    watch.onScreen = entry.isIntersecting;
    for (const listener of watch.listeners) {
      if (watch.onScreen) {
        ticking.add(listener);
        // Back on screen: show the current time now, not at the next tick.
        listener();
      } else {
        ticking.delete(listener);
      }
    }
  }
  updateTimer();
}

function listenWhileOnScreen(shown: Element | null, listener: () => void): () => void {
  // Nothing rendered, nothing to keep current.
  if (!shown) return () => undefined;
  // Everything ticking in one `data-clock-scope` (an account row) is on screen together: one
  // element to watch instead of one per countdown.
  const element = shown.closest('[data-clock-scope]') ?? shown;
  observer ??= new IntersectionObserver(onVisibility);
  let watch = watched.get(element);
  if (!watch) {
    watch = { listeners: new Set(), onScreen: false };
    watched.set(element, watch);
    observer.observe(element);
  }
  watch.listeners.add(listener);
  if (watch.onScreen) listen(listener);
  const current = watch;
  return () => {
    current.listeners.delete(listener);
    ticking.delete(listener);
    if (current.listeners.size === 0) {
      watched.delete(element);
      observer?.unobserve(element);
    }
    updateTimer();
  };
}

/**
 * What `select` makes of the current time, kept current by the shared clock. `select` must
 * return a primitive (a string), so "no visible change" means "no re-render". With `onScreen`
 * (the element that shows the value), it is kept current only while that element is on screen.
 */
export function useClock<T extends string | number | boolean>(
  select: (now: number) => T,
  onScreen?: RefObject<Element | null>,
): T {
  const subscribe = useCallback(
    (listener: () => void) =>
      onScreen ? listenWhileOnScreen(onScreen.current, listener) : listen(listener),
    [onScreen],
  );
  // Read fresh each time, so a new expiry is never compared with a time up to a second old.
  return useSyncExternalStore(subscribe, () => select(Date.now()));
}

/**
 * For text that changes every second (a countdown): `write(now)` puts the current words straight
 * into the DOM, after every render and then on each tick while `onScreen` is on screen, with no
 * re-render at all. It must write only what changed (see {@link writeText}), and React must
 * not render the text it writes.
 */
export function useClockWriter(
  write: (now: number) => void,
  onScreen: RefObject<Element | null>,
): void {
  const latest = useRef(write);
  useLayoutEffect(() => {
    latest.current = write;
    write(Date.now());
  });
  useEffect(
    () => listenWhileOnScreen(onScreen.current, () => latest.current(Date.now())),
    [onScreen],
  );
}

/** Sets an element's text, touching the DOM only when it differs. */
export function writeText(element: Element | null, text: string): void {
  if (!element) return;
  const node = element.firstChild;
  if (node instanceof Text && node === element.lastChild) {
    if (node.data !== text) node.data = text;
  } else {
    element.textContent = text;
  }
}
