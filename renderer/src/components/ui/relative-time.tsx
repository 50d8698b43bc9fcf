import { useNow } from '../../hooks/use-now.ts';
import { formatAgo, formatDateTime, formatRelative, tickInterval, toIso } from '../../lib/time.ts';

/** "3 min ago" / "in 59 min", kept current, with the local date-time on hover. */
export function RelativeTime({ at, coarse = false }: { at: number; coarse?: boolean }) {
  const now = useNow((current) => tickInterval(at, current));
  return (
    <time dateTime={toIso(at)} title={formatDateTime(at)} className="tabular">
      {coarse ? formatAgo(at, now) : formatRelative(at, now)}
    </time>
  );
}
