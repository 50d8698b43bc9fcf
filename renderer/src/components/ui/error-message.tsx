import type { ErrorInfo } from '../../../../contract/domain.ts';
import { Icon } from './icon.tsx';

/** A failed call, where it happened: our sentence, then the provider's own words, muted. */
export function ErrorMessage({
  error,
  onDismiss,
  compact = false,
  showCode = false,
}: {
  error: ErrorInfo | undefined;
  onDismiss?: () => void;
  compact?: boolean;
  /** Show the error code too (inspection results, where it helps debugging). */
  showCode?: boolean;
}) {
  if (!error) return null;
  return (
    <div className={`notice notice--error${compact ? ' notice--compact' : ''}`} role="alert">
      <Icon name="alert" />
      <div className="notice__body">
        <p className="notice__title">
          {showCode ? <code className="notice__code">{error.code}</code> : null}
          {error.message}
        </p>
        {error.providerMessage ? (
          <p className="notice__detail">
            <span className="visually-hidden">Provider says: </span>
            {error.providerMessage}
          </p>
        ) : null}
      </div>
      {onDismiss ? (
        <button type="button" className="notice__close" aria-label="Dismiss" onClick={onDismiss}>
          <Icon name="close" size={14} />
        </button>
      ) : null}
    </div>
  );
}
