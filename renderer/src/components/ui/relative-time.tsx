import { memo, useRef } from 'react';
import { useClock } from '../../lib/clock.ts';
import { formatAgo, formatDateTime, formatRelative, toIso } from '../../lib/time.ts';

/**
 * "3 min ago" / "in 59 min", kept current by the shared clock while on screen, with the local
 * date-time on hover.
 */
export const RelativeTime = memo(function RelativeTime({
  at,
  coarse = false,
}: {
  at: number;
  coarse?: boolean;
}) {
  const element = useRef<HTMLTimeElement>(null);
  const text = useClock((now) => (coarse ? formatAgo(at, now) : formatRelative(at, now)), element);
  return (
    <time dateTime={toIso(at)} title={formatDateTime(at)} className="tabular" ref={element}>
      {text}
    </time>
  );
});
