import { useRef, useState } from 'react';
import type { AppSettings } from '../../../../contract/domain.ts';
import { copyText } from '../../lib/copy-text.ts';
import { Button } from '../ui/button.tsx';
import { Notice } from '../ui/notice.tsx';
import { AccessLogDialog } from './access-log-dialog.tsx';
import { useAgentStatus } from './use-scripts.ts';

/**
 * The "Scripts" part of Settings: the switch for the oidc-agent–compatible socket, the
 * `export OIDC_SOCK=…` line to copy, and the access log.
 */
export function ScriptsSettings({
  settings,
  save,
}: {
  settings: AppSettings;
  save: (changes: Partial<AppSettings>) => Promise<void>;
}) {
  const status = useAgentStatus().value;
  const [copied, setCopied] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const lineRef = useRef<HTMLElement>(null);
  const line = status?.exportLine;

  return (
    <section className="settings-section" aria-labelledby="settings-scripts">
      <h3 id="settings-scripts">Scripts</h3>
      <label className="check">
        <input
          type="checkbox"
          checked={settings.scriptsEnabled}
          onChange={(event) => void save({ scriptsEnabled: event.target.checked })}
        />
        <span>
          <span className="check__label">Scripts can request tokens</span>
          <span className="check__detail">
            Serves access tokens to <code>oidc-token</code>, oidc-agent libraries and{' '}
            <code>token-desk</code> over a socket only you can open. Each account decides whether
            scripts may use it (account menu → Script access).
          </span>
        </span>
      </label>
      {status?.problem ? <Notice tone="warn">{status.problem}</Notice> : null}
      {line ? (
        <div className="scripts-export">
          <p className="muted">Paste into your shell, or its profile for every session:</p>
          <div className="scripts-export__line">
            <code ref={lineRef} aria-label="Shell line that points scripts at Token Desk">
              {line}
            </code>
            <Button
              size="sm"
              icon={copied ? 'check' : 'copy'}
              onClick={() =>
                void copyText(line, lineRef.current).then((ok) => {
                  setCopied(ok);
                  if (ok) setTimeout(() => setCopied(false), 2000);
                })
              }
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          </div>
        </div>
      ) : null}
      <Button
        size="sm"
        variant="link"
        className="scripts-log-link"
        onClick={() => setShowLog(true)}
      >
        Access log…
      </Button>
      {showLog ? <AccessLogDialog onClose={() => setShowLog(false)} /> : null}
    </section>
  );
}
