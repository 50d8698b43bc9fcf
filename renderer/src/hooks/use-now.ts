import { useEffect, useRef, useState } from 'react';

/**
 * The current time, redrawn after `delayFor(now)` ms: each ticking label decides how often
 * it needs to change (every second near zero, every 15 s otherwise).
 */
export function useNow(delayFor: (now: number) => number = () => 1000): number {
  const [now, setNow] = useState(Date.now);
  const delay = useRef(delayFor);
  delay.current = delayFor;
  useEffect(() => {
    const timer = setTimeout(() => setNow(Date.now()), Math.max(250, delay.current(now)));
    return () => clearTimeout(timer);
  }, [now]);
  return now;
}
