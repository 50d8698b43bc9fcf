import { useRef, useState } from 'react';
import type { SignInFlow } from '../../../preload/api.ts';
import { tokenManager } from '../api.ts';
import { useAction } from '../hooks/use-action.ts';
import { useNow } from '../hooks/use-now.ts';
import { copyText } from '../lib/copy-text.ts';
import { formatCountdown } from '../lib/time.ts';
import { Button } from './button.tsx';
import { ErrorMessage } from './error-message.tsx';
import { Icon } from './icon.tsx';

/** One browser sign-in: waiting (with a countdown and the link), finishing, and how it ended. */
export function SignInCard({
  flow,
  accountLabel,
  onDismiss,
  onRetry,
}: {
  flow: SignInFlow;
  accountLabel: string | undefined;
  onDismiss: () => void;
  onRetry: () => void;
}) {
  const cancel = useAction(() => tokenManager().signIn.cancel(flow.id));
  const waiting = flow.status === 'waiting';
  const now = useNow(() => (waiting ? 1000 : 60_000));
  const linkInput = useRef<HTMLInputElement>(null);
  const [linkCopied, setLinkCopied] = useState<boolean | undefined>();
  const provider = flow.providerName;

  return (
    <section
      className={`signin-card signin-card--${flow.status}`}
      aria-label={`Sign-in to ${provider}`}
    >
      <div className="signin-card__head">
        <span className="signin-card__icon" aria-hidden="true">
          {flow.status === 'succeeded' ? (
            <Icon name="check" />
          ) : flow.status === 'failed' ? (
            <Icon name="alert" />
          ) : flow.status === 'cancelled' ? (
            <Icon name="close" />
          ) : (
            <span className="spinner" />
          )}
        </span>
        <div className="signin-card__text" role="status">
          {waiting ? (
            <>
              <p className="signin-card__title">Signing in to {provider}</p>
              <p>Waiting for you to finish signing in at {provider} in your browser…</p>
            </>
          ) : flow.status === 'exchanging' ? (
            <p className="signin-card__title">Finishing the sign-in at {provider}…</p>
          ) : flow.status === 'succeeded' ? (
            <p className="signin-card__title">
              {accountLabel ? `Signed in as ${accountLabel}` : `Signed in to ${provider}`}
            </p>
          ) : flow.status === 'cancelled' ? (
            <p className="signin-card__title">Sign-in to {provider} cancelled</p>
          ) : (
            <p className="signin-card__title">Sign-in to {provider} did not complete</p>
          )}
        </div>
        {waiting ? (
          <span
            className="signin-card__countdown tabular"
            title="Time left to finish in the browser"
          >
            {formatCountdown(flow.expiresAt - now)}
            <span className="visually-hidden"> left</span>
          </span>
        ) : flow.status !== 'exchanging' ? (
          <button
            type="button"
            className="signin-card__close"
            aria-label="Dismiss"
            onClick={onDismiss}
          >
            <Icon name="close" size={14} />
          </button>
        ) : null}
      </div>

      {flow.status === 'failed' && flow.error ? <ErrorMessage error={flow.error} compact /> : null}

      {waiting && flow.authorizationUrl ? (
        <details className="signin-card__link">
          <summary>Open the sign-in page again</summary>
          <p className="muted">Paste this link into your browser if the tab was closed:</p>
          <div className="copy-field">
            <input
              ref={linkInput}
              className="input mono"
              readOnly
              value={flow.authorizationUrl}
              aria-label="Sign-in link"
              onFocus={(event) => event.currentTarget.select()}
            />
            <Button
              size="sm"
              icon={linkCopied ? 'check' : 'link'}
              onClick={() =>
                void copyText(flow.authorizationUrl ?? '', linkInput.current).then(setLinkCopied)
              }
            >
              {linkCopied ? 'Copied' : 'Copy link'}
            </Button>
          </div>
          {linkCopied === false ? (
            <p className="field__error">Could not copy. Select the link and copy it yourself.</p>
          ) : null}
        </details>
      ) : null}

      <ErrorMessage error={cancel.error} compact />

      {waiting ? (
        <div className="signin-card__actions">
          <Button size="sm" pending={cancel.pending} onClick={() => void cancel.run()}>
            Cancel
          </Button>
        </div>
      ) : flow.status === 'failed' ? (
        <div className="signin-card__actions">
          <Button size="sm" onClick={onDismiss}>
            Dismiss
          </Button>
          <Button size="sm" variant="primary" icon="refresh" onClick={onRetry}>
            Try again
          </Button>
        </div>
      ) : null}
    </section>
  );
}
