import { useId, useRef, useState, type FormEvent } from 'react';
import type {
  AccountSummary,
  ProviderSummary,
  SignInStartInput,
} from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Field } from '../ui/field.tsx';

/**
 * Imports an access token the user already has (Pi Network: from `Pi.authenticate` in the
 * Pi Browser). The token stays in its text box only, never in component state; main verifies
 * it with the provider before anything is stored.
 */
export function TokenImportDialog({
  provider,
  account,
  onClose,
}: {
  provider: ProviderSummary;
  account?: AccountSummary | undefined;
  onClose: () => void;
}) {
  const formId = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [problem, setProblem] = useState<string | undefined>();
  const verify = useAction((input: SignInStartInput) => tokenManager().signIn.start(input));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const token = box.current?.value.trim() ?? '';
    setProblem(token ? undefined : 'Paste the access token first.');
    if (!token) return;
    const result = await verify.run({
      providerId: provider.id,
      method: 'token-import',
      token,
      ...(account ? { accountId: account.id } : {}),
    });
    if (result.ok) {
      if (box.current) box.current.value = '';
      onClose();
    } else {
      box.current?.select();
    }
  };

  return (
    <Dialog
      title={account ? `New token for ${account.label}` : `Import a ${provider.name} token`}
      size="md"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form={formId} pending={verify.pending}>
            {verify.pending ? 'Verifying…' : 'Verify and add'}
          </Button>
        </>
      }
    >
      <div className="prose dialog__lead">
        {provider.kind === 'pi' ? (
          <p>
            Pi Network has no desktop sign-in. Your app gets an access token from{' '}
            <code>Pi.authenticate</code> in the Pi Browser; paste its <code>accessToken</code> (or
            the whole result) here. Token Desk verifies it with Pi (<code>GET /v2/me</code>) and
            trusts only the user id Pi returns for it, never one pasted alongside.
          </p>
        ) : (
          <p>
            Paste an access token. Token Desk verifies it with {provider.name} before adding it, and
            names the account after what {provider.name} says about the token.
          </p>
        )}
      </div>
      <form id={formId} className="form" onSubmit={(event) => void submit(event)} noValidate>
        <Field
          label="Access token"
          error={problem}
          hint="Stored encrypted in the vault, like every other token."
        >
          {(props) => (
            <textarea
              {...props}
              ref={box}
              className={`${props.className} input--token mono`}
              rows={4}
              spellCheck={false}
              autoComplete="off"
              data-autofocus
              maxLength={20_000}
              placeholder="Paste the token here"
              onKeyDown={(event) => {
                // Enter submits (a token has no line breaks); Shift+Enter is still a new line.
                if (event.key === 'Enter' && !event.shiftKey) {
                  event.preventDefault();
                  event.currentTarget.form?.requestSubmit();
                }
              }}
            />
          )}
        </Field>
      </form>
      <ErrorMessage error={verify.error} />
    </Dialog>
  );
}
