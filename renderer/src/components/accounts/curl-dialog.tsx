import { useState } from 'react';
import type { AccountSummary } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Field } from '../ui/field.tsx';
import { Notice } from '../ui/notice.tsx';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * "Copy as curl": a command for one request with the account's access token, built and copied
 * in main. A DPoP-bound token gets a fresh proof for exactly this method and URL.
 */
export function CurlDialog({
  account,
  onClose,
  onCopied,
}: {
  account: AccountSummary;
  onClose: () => void;
  onCopied: (clearsAt: number | null) => void;
}) {
  const [method, setMethod] = useState('GET');
  const [url, setUrl] = useState('');
  const copy = useAction(() => tokenManager().accounts.copyCurl(account.id, method, url.trim()));
  const formId = `curl-${account.id}`;
  const dpop = account.tokenBinding === 'dpop';
  return (
    <Dialog
      title="Copy as curl"
      subtitle={account.label}
      size="sm"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form={formId} pending={copy.pending}>
            Copy command
          </Button>
        </>
      }
    >
      <form
        id={formId}
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void copy.run().then((result) => {
            if (!result.ok) return;
            onCopied(result.value.clearsAt);
            onClose();
          });
        }}
      >
        {dpop ? (
          <Notice tone="info">
            This token is DPoP-bound: the command carries a fresh proof made for this method and URL
            only, valid for a few minutes.
          </Notice>
        ) : null}
        <div className="curl-request">
          <Field label="Method">
            {(props) => (
              <select {...props} value={method} onChange={(event) => setMethod(event.target.value)}>
                {METHODS.map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label="URL" hint="The API the token is for.">
            {(props) => (
              <input
                {...props}
                data-autofocus
                type="url"
                inputMode="url"
                spellCheck={false}
                placeholder="https://api.example.com/resource"
                value={url}
                onChange={(event) => setUrl(event.target.value)}
              />
            )}
          </Field>
        </div>
        <ErrorMessage error={copy.error} />
      </form>
    </Dialog>
  );
}
