import { memo, useCallback, useRef } from 'react';
import { useClock, useClockWriter, writeText } from '../../lib/clock.ts';
import { describeExpiry, formatDateTime, toIso } from '../../lib/time.ts';

/**
 * The access token's remaining life, on the shared clock while it is on screen. The words
 * ("expires in 42 s") are written into the DOM when they change, every second in the last
 * minute, without re-rendering anything; the tone re-renders this component when it changes
 * (soon, expired: twice in a token's life).
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
  const box = useRef<HTMLSpanElement>(null);
  const words = useRef<HTMLElement>(null);
  // One ref for the <time> or the <span> that holds the words.
  const holdWords = useCallback((element: HTMLElement | null) => {
    words.current = element;
  }, []);
  const tone = useClock((now) => describeExpiry(expiresAt, now).tone, box);
  useClockWriter((now) => {
    const view = describeExpiry(expiresAt, now);
    writeText(words.current, view.text);
    const label = view.tone === 'soon' ? `${view.text} (soon)` : view.text;
    if (expiresAt !== null && words.current?.getAttribute('aria-label') !== label) {
      words.current?.setAttribute('aria-label', label);
    }
  }, box);
  return (
    <span className={`expiry expiry--${muted ? 'none' : tone}`} ref={box}>
      <span className="expiry__dot" aria-hidden="true" />
      {expiresAt === null ? (
        <span className="expiry__text" ref={holdWords} />
      ) : (
        <time
          className="expiry__text"
          ref={holdWords}
          dateTime={toIso(expiresAt)}
          title={`${tone === 'expired' ? 'Expired' : 'Expires'} ${formatDateTime(expiresAt)}`}
        />
      )}
    </span>
  );
});
