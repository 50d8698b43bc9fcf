import { useRef } from 'react';
import { useClock } from '../../lib/clock.ts';
import { deadlineIsNear, formatDeadline } from '../../lib/deadline.ts';

/**
 * "Sign-in needed by Tue 14:00": when the provider's session (the refresh token) ends, shown
 * only where the provider said so.
 */
export function SignInDeadline({ at }: { at: number | null }) {
  return at === null ? null : <Deadline at={at} />;
}

function Deadline({ at }: { at: number }) {
  const element = useRef<HTMLSpanElement>(null);
  // The words change by the minute, or once the session has ended (-1): re-rendered that
  // often, on the shared clock, while on screen.
  const minute = useClock((now) => (at <= now ? -1 : Math.floor(now / 60_000)), element);
  const now = minute * 60_000;
  const ended = minute === -1;
  const near = ended || deadlineIsNear(at, now);
  return (
    <span className={`deadline${near ? ' deadline--near' : ''}`} ref={element}>
      {ended ? 'Session ended: sign in again' : `Sign-in needed by ${formatDeadline(at, now)}`}
    </span>
  );
}
