import { useState } from 'react';
import type { AccountSummary } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Field } from '../ui/field.tsx';

export function RenameDialog({
  account,
  onClose,
}: {
  account: AccountSummary;
  onClose: () => void;
}) {
  const [label, setLabel] = useState(account.label);
  const rename = useAction(() => tokenManager().accounts.rename(account.id, label));
  const formId = `rename-${account.id}`;
  return (
    <Dialog
      title="Rename account"
      subtitle={`${account.providerName}${account.subject ? ` · sub ${account.subject}` : ''}`}
      size="sm"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form={formId} pending={rename.pending}>
            Save
          </Button>
        </>
      }
    >
      <form
        id={formId}
        onSubmit={(event) => {
          event.preventDefault();
          void rename.run().then((result) => result.ok && onClose());
        }}
      >
        <Field label="Name" hint="Only shown in this app.">
          {(props) => (
            <input
              {...props}
              data-autofocus
              value={label}
              maxLength={200}
              onChange={(event) => setLabel(event.target.value)}
            />
          )}
        </Field>
        <ErrorMessage error={rename.error} />
      </form>
    </Dialog>
  );
}
