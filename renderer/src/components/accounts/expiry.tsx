import { memo } from 'react';
import { useClock } from '../../lib/clock.ts';
import { describeExpiry, formatDateTime, toIso } from '../../lib/time.ts';

/**
 * The access token's remaining life, ticking on the shared clock: the row re-renders only when
 * the words change (every second in the last minutes, every minute or so before).
 * Colour and a dot carry the tone; the words carry it too, for those who cannot see colour.
 */
export const Expiry = memo(function Expiry({
  expiresAt,
  muted = false,
}: {
  expiresAt: number | null;
  /** The provider no longer accepts the token: the time stays, without the green light. */
  muted?: boolean;
}) {
  // Text and tone in one string, so both change together and nothing else re-renders.
  const packed = useClock((now) => {
    const view = describeExpiry(expiresAt, now);
    return `${view.tone}\u0000${view.text}`;
  });
  const [tone, text] = packed.split('\u0000') as [string, string];
  const label = tone === 'soon' ? `${text} (soon)` : text;
  return (
    <span className={`expiry expiry--${muted ? 'none' : tone}`}>
      <span className="expiry__dot" aria-hidden="true" />
      {expiresAt === null ? (
        <span className="expiry__text">{text}</span>
      ) : (
        <time
          className="expiry__text"
          dateTime={toIso(expiresAt)}
          title={`${tone === 'expired' ? 'Expired' : 'Expires'} ${formatDateTime(expiresAt)}`}
          aria-label={label}
        >
          {text}
        </time>
      )}
    </span>
  );
});
