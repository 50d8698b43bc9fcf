import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { requesterName, useAccessLog } from './use-scripts.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** What scripts asked for, newest first: time, account, who, granted or refused and why. */
export function AccessLogDialog({ onClose }: { onClose: () => void }) {
  const log = useAccessLog();
  const clear = useAction(() => tokenManager().scripts.clearLog());
  const entries = [...(log.value ?? [])].reverse();
  return (
    <Dialog
      title="Access log"
      subtitle="Token requests from scripts, newest first. The last 1,000 are kept; no tokens."
      size="lg"
      onClose={onClose}
      footer={
        <>
          <Button
            variant="danger"
            icon="trash"
            pending={clear.pending}
            unavailableReason={entries.length ? undefined : 'The log is empty.'}
            onClick={() => void clear.run()}
          >
            Clear log
          </Button>
          <Button onClick={onClose}>Done</Button>
        </>
      }
    >
      <ErrorMessage error={log.error ?? clear.error} />
      {entries.length === 0 ? (
        <p className="muted">No script has asked for a token yet.</p>
      ) : (
        <div className="access-log">
          <table className="access-log__table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Account</th>
                <th scope="col">Requested by</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="tabular">{timeFormat.format(entry.at)}</td>
                  <td>
                    <span className="access-log__account">{entry.requested}</span>
                    {entry.accountLabel && entry.accountLabel !== entry.requested ? (
                      <span className="muted"> · {entry.accountLabel}</span>
                    ) : null}
                    {entry.scope || entry.audience ? (
                      <span className="access-log__detail muted">
                        {[
                          entry.scope && `scope ${entry.scope}`,
                          entry.audience && `audience ${entry.audience}`,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {requesterName(entry)}
                    {entry.process ? (
                      <span className="access-log__detail muted">
                        pid {entry.process.pid}
                        {entry.process.executable ? ` · ${entry.process.executable}` : ''}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <span className={`access-log__outcome access-log__outcome--${entry.outcome}`}>
                      {entry.outcome === 'granted' ? 'Granted' : 'Refused'}
                    </span>
                    <span className="access-log__detail muted">{entry.reason}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Dialog>
  );
}
