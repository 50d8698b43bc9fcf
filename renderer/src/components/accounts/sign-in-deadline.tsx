import { useNow } from '../../hooks/use-now.ts';
import { deadlineIsNear, formatDeadline } from '../../lib/deadline.ts';

/**
 * "Sign-in needed by Tue 14:00": when the provider's session (the refresh token) ends, shown
 * only where the provider said so.
 */
export function SignInDeadline({ at }: { at: number | null }) {
  const now = useNow(() => 60_000);
  if (at === null) return null;
  const near = deadlineIsNear(at, now);
  return (
    <span className={`deadline${near ? ' deadline--near' : ''}`}>
      {at <= now ? 'Session ended: sign in again' : `Sign-in needed by ${formatDeadline(at, now)}`}
    </span>
  );
}
