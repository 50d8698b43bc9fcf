import type { ConsentDecision, ConsentRequest } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useNow } from '../../hooks/use-now.ts';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { requesterName, usePendingScripts } from './use-scripts.ts';

/**
 * Asks the user about the oldest script waiting for a token of an "ask" account: which
 * account, what the script calls itself, and which program it is where the system says.
 */
export function ScriptPrompts() {
  const pending = usePendingScripts().value ?? [];
  const request = pending[0];
  return request ? (
    <ScriptPrompt key={request.id} request={request} waiting={pending.length - 1} />
  ) : null;
}

function ScriptPrompt({ request, waiting }: { request: ConsentRequest; waiting: number }) {
  const now = useNow(() => 1000);
  const answer = useAction((decision: ConsentDecision) =>
    tokenManager().scripts.answer(request.id, decision),
  );
  const left = Math.max(0, Math.ceil((request.expiresAt - now) / 1000));
  const decide = (decision: ConsentDecision) => void answer.run(decision);
  return (
    <Dialog
      title="A script asks for a token"
      subtitle={`Refused automatically in ${left} s${waiting ? ` · ${waiting} more waiting` : ''}`}
      size="sm"
      onClose={() => decide('deny')}
      className="script-prompt"
      footer={
        <>
          <Button variant="danger" onClick={() => decide('deny')} pending={answer.pending}>
            Deny
          </Button>
          <Button onClick={() => decide('allow-hour')}>Allow for 1 hour</Button>
          <Button variant="primary" data-autofocus onClick={() => decide('allow-once')}>
            Allow once
          </Button>
        </>
      }
    >
      <dl className="script-prompt__facts">
        <dt>Account</dt>
        <dd>
          <strong>{request.accountLabel}</strong> <code>{request.shortName}</code>
        </dd>
        <dt>Application</dt>
        <dd>
          {request.applicationHint ?? <span className="muted">not given</span>}
          {request.applicationHint ? (
            <span className="muted"> (as the script calls itself)</span>
          ) : null}
        </dd>
        <dt>Program</dt>
        <dd>
          {request.process ? (
            <>
              <code>{request.process.executable ?? requesterName(request)}</code>{' '}
              <span className="muted">pid {request.process.pid}</span>
            </>
          ) : (
            <span className="muted">could not be determined</span>
          )}
        </dd>
        {request.scope || request.audience ? (
          <>
            <dt>Asks for</dt>
            <dd>
              {[
                request.scope && `scope ${request.scope}`,
                request.audience && `audience ${request.audience}`,
              ]
                .filter(Boolean)
                .join(' · ')}
            </dd>
          </>
        ) : null}
      </dl>
      <ErrorMessage error={answer.error} />
    </Dialog>
  );
}
