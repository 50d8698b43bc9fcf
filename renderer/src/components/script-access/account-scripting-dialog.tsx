import { useState } from 'react';
import type { AccountSummary, ScriptAccess } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Field } from '../ui/field.tsx';

const ACCESS: { value: ScriptAccess; label: string; detail: string }[] = [
  { value: 'never', label: 'Never', detail: 'Scripts get no token from this account.' },
  {
    value: 'ask',
    label: 'Ask',
    detail: 'Each request waits for your answer (refused after 60 s).',
  },
  { value: 'always', label: 'Always', detail: 'Any program you run may get its access token.' },
];

/** An account's short name, whether scripts may use it, and the git hosts it answers for. */
export function AccountScriptingDialog({
  account,
  onClose,
}: {
  account: AccountSummary;
  onClose: () => void;
}) {
  const [shortName, setShortName] = useState(account.scripting.shortName);
  const [access, setAccess] = useState<ScriptAccess>(account.scripting.access);
  const [hosts, setHosts] = useState(account.scripting.gitHosts.join('\n'));
  const save = useAction(() =>
    tokenManager().scripts.updateAccount({
      id: account.id,
      shortName,
      access,
      gitHosts: hosts.split(/[\s,]+/).filter(Boolean),
    }),
  );
  const formId = `scripting-${account.id}`;
  return (
    <Dialog
      title="Script access"
      subtitle={`${account.label} · ${account.providerName}`}
      size="md"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form={formId} pending={save.pending}>
            Save
          </Button>
        </>
      }
    >
      <form
        id={formId}
        className="scripting-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save.run().then((result) => result.ok && onClose());
        }}
      >
        <Field
          label="Short name"
          hint={
            <>
              Scripts name the account by it: <code>oidc-token {shortName || '…'}</code>
            </>
          }
        >
          {(props) => (
            <input
              {...props}
              data-autofocus
              className={`${props.className} mono`}
              value={shortName}
              maxLength={40}
              spellCheck={false}
              autoCapitalize="off"
              onChange={(event) => {
                setShortName(event.target.value);
                save.setError(undefined);
              }}
            />
          )}
        </Field>
        <fieldset className="scripting-form__access">
          <legend>Scripts may request tokens</legend>
          {ACCESS.map((option) => (
            <label key={option.value} className="check">
              <input
                type="radio"
                name={`access-${account.id}`}
                value={option.value}
                checked={access === option.value}
                onChange={() => setAccess(option.value)}
              />
              <span>
                <span className="check__label">{option.label}</span>
                <span className="check__detail">{option.detail}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <Field
          label="Git hosts"
          hint="token-desk git-credential answers for these hosts with this account's token. One per line, e.g. git.example.com."
        >
          {(props) => (
            <textarea
              {...props}
              className={`${props.className} mono`}
              rows={2}
              value={hosts}
              spellCheck={false}
              onChange={(event) => setHosts(event.target.value)}
            />
          )}
        </Field>
        <ErrorMessage error={save.error} />
      </form>
    </Dialog>
  );
}
