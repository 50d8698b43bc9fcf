import { useRef, useState } from 'react';
import type { SignInFlow } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useNow } from '../../hooks/use-now.ts';
import { copyText } from '../../lib/copy-text.ts';
import { formatCountdown } from '../../lib/time.ts';
import { Button } from '../ui/button.tsx';
import { DeviceCodePanel } from './device-code-panel.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Icon } from '../ui/icon.tsx';

/** How a finished sign-in reads, by how it was done. */
function succeededTitle(flow: SignInFlow, label: string | undefined): string {
  if (!label) return `Signed in to ${flow.providerName}`;
  if (flow.method === 'client-credentials') return `Token received for ${label}`;
  if (flow.method === 'token-import') return `Token verified for ${label}`;
  return `Signed in as ${label}`;
}

/**
 * One sign-in: waiting (in the browser, or for a device code to be approved) with a countdown
 * and a way back to the page, finishing, and how it ended.
 */
export function SignInCard({
  flow,
  accountLabel,
  note,
  onDismiss,
  onRetry,
}: {
  flow: SignInFlow;
  accountLabel: string | undefined;
  /** What may go wrong with this method at this provider (its warning). */
  note?: string | undefined;
  onDismiss: () => void;
  onRetry: () => void;
}) {
  const api = tokenManager();
  const cancel = useAction(() => api.signIn.cancel(flow.id));
  const reopen = useAction(() => api.signIn.openInBrowser(flow.id));
  const waiting = flow.status === 'waiting';
  const now = useNow(() => (waiting ? 1000 : 60_000));
  const linkInput = useRef<HTMLInputElement>(null);
  const [showLink, setShowLink] = useState(false);
  const [linkCopied, setLinkCopied] = useState<boolean | undefined>();
  const provider = flow.providerName;
  const device = flow.method === 'device-code' ? flow.device : undefined;

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
          {waiting && device ? (
            <>
              <p className="signin-card__title">Sign in to {provider} with a code</p>
              <p>Open the verification page on any device, enter the code and approve.</p>
            </>
          ) : waiting ? (
            <>
              <p className="signin-card__title">Signing in to {provider}</p>
              <p>Waiting for you to finish signing in at {provider} in your browser…</p>
            </>
          ) : flow.status === 'exchanging' ? (
            <p className="signin-card__title">Finishing the sign-in at {provider}…</p>
          ) : flow.status === 'succeeded' ? (
            <p className="signin-card__title">{succeededTitle(flow, accountLabel)}</p>
          ) : flow.status === 'cancelled' ? (
            <p className="signin-card__title">Sign-in to {provider} cancelled</p>
          ) : (
            <p className="signin-card__title">Sign-in to {provider} did not complete</p>
          )}
        </div>
        {waiting ? (
          <span
            className="signin-card__countdown tabular"
            title={
              device ? 'Time left before the code expires' : 'Time left to finish in the browser'
            }
          >
            {formatCountdown(flow.expiresAt - now)}
            <span className="visually-hidden"> left</span>
          </span>
        ) : flow.status !== 'exchanging' ? (
          <button
            type="button"
            className="signin-card__close"
            aria-label="Close"
            onClick={onDismiss}
          >
            <Icon name="close" size={14} />
          </button>
        ) : null}
      </div>

      {waiting && device ? <DeviceCodePanel flow={flow} device={device} /> : null}
      {waiting && note ? <p className="signin-card__note">{note}</p> : null}
      {flow.status === 'failed' && flow.error ? <ErrorMessage error={flow.error} compact /> : null}

      {waiting && flow.authorizationUrl ? (
        <div className="signin-card__link">
          <div className="signin-card__links">
            <Button
              variant="link"
              icon="external"
              pending={reopen.pending}
              onClick={() => void reopen.run()}
            >
              Open the sign-in page again
            </Button>
            <span aria-hidden="true" className="sep">
              ·
            </span>
            <Button
              variant="link"
              aria-expanded={showLink}
              onClick={() => setShowLink((shown) => !shown)}
            >
              {showLink ? 'Hide the link' : 'Show the link'}
            </Button>
          </div>
          {showLink ? (
            <>
              <p className="muted">Or paste this link into any browser:</p>
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
                    void copyText(flow.authorizationUrl ?? '', linkInput.current).then(
                      setLinkCopied,
                    )
                  }
                >
                  {linkCopied ? 'Copied' : 'Copy link'}
                </Button>
              </div>
              {linkCopied === false ? (
                <p className="field__error">
                  Could not copy. Select the link and copy it yourself.
                </p>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}

      <ErrorMessage error={cancel.error ?? reopen.error} compact />

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
            {flow.method === 'device-code' ? 'Get a new code' : 'Try again'}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
