import { useNow } from '../../hooks/use-now.ts';
import { describeExpiry, formatDateTime, tickInterval, toIso } from '../../lib/time.ts';

/**
 * The access token's remaining life, ticking: every 15 s, every second in the last minutes.
 * Colour and a dot carry the tone; the words carry it too, for those who cannot see colour.
 */
export function Expiry({
  expiresAt,
  muted = false,
}: {
  expiresAt: number | null;
  /** The provider no longer accepts the token: the time stays, without the green light. */
  muted?: boolean;
}) {
  const now = useNow((current) => tickInterval(expiresAt, current));
  const view = describeExpiry(expiresAt, now);
  const label = view.tone === 'soon' ? `${view.text} (soon)` : view.text;
  return (
    <span className={`expiry expiry--${muted ? 'none' : view.tone}`}>
      <span className="expiry__dot" aria-hidden="true" />
      {expiresAt === null ? (
        <span className="expiry__text">{view.text}</span>
      ) : (
        <time
          className="expiry__text"
          dateTime={toIso(expiresAt)}
          title={`${view.tone === 'expired' ? 'Expired' : 'Expires'} ${formatDateTime(expiresAt)}`}
          aria-label={label}
        >
          {view.text}
        </time>
      )}
    </span>
  );
}
