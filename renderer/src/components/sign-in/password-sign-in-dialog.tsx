import { useId, useRef, useState, type FormEvent } from 'react';
import type {
  AccountSummary,
  ProviderSummary,
  SignInStartInput,
} from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { optionFor } from '../../lib/sign-in-methods.ts';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Field } from '../ui/field.tsx';
import { Notice } from '../ui/notice.tsx';

interface Problems {
  username?: string;
  password?: string;
}

/**
 * Password sign-in (the provider's warning first). The password lives only in its input:
 * it is read once on submit and the field is emptied before the request goes out; a failure
 * keeps the user name and puts the focus back in the password field.
 */
export function PasswordSignInDialog({
  provider,
  account,
  onClose,
}: {
  provider: ProviderSummary;
  account?: AccountSummary | undefined;
  onClose: () => void;
}) {
  const formId = useId();
  const peerId = provider.kind === 'peerid';
  const option = optionFor(provider, 'password');
  const warning = option?.available ? option.warning : undefined;
  const [username, setUsername] = useState(account?.label ?? '');
  const [mobile, setMobile] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const passwordInput = useRef<HTMLInputElement>(null);
  const signIn = useAction((input: SignInStartInput) => tokenManager().signIn.start(input));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const field = passwordInput.current;
    const password = field?.value ?? '';
    const found: Problems = {};
    if (!username.trim()) found.username = 'Enter your user name or email.';
    if (!password && !(peerId && mobile.trim())) {
      found.password = peerId
        ? 'Enter your password, your mobile number, or both.'
        : 'Enter your password.';
    }
    setProblems(found);
    if (found.username || found.password) return;
    if (field) field.value = '';
    const result = await signIn.run({
      providerId: provider.id,
      method: 'password',
      username: username.trim(),
      password,
      ...(peerId && mobile.trim() ? { mobile: mobile.trim() } : {}),
      ...(account ? { accountId: account.id } : {}),
    });
    if (result.ok) onClose();
    else passwordInput.current?.focus();
  };

  return (
    <Dialog
      title={account ? `Sign in again as ${account.label}` : `Sign in to ${provider.name}`}
      subtitle={`With your ${provider.name} user name and password, sent to ${provider.name} once and never stored.`}
      size="md"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form={formId} pending={signIn.pending}>
            {signIn.pending ? 'Signing in…' : 'Sign in'}
          </Button>
        </>
      }
    >
      {warning ? <Notice tone="warn">{warning}</Notice> : null}
      <form id={formId} className="form" onSubmit={(event) => void submit(event)} noValidate>
        <Field
          label={peerId ? 'Login' : 'User name'}
          hint={peerId ? 'Your PeerID user name or email.' : undefined}
          error={problems.username}
        >
          {(props) => (
            <input
              {...props}
              autoComplete="username"
              spellCheck={false}
              data-autofocus={account ? undefined : true}
              value={username}
              maxLength={500}
              onChange={(event) => setUsername(event.target.value)}
            />
          )}
        </Field>
        <Field label="Password" optional={peerId} error={problems.password}>
          {(props) => (
            <input
              {...props}
              ref={passwordInput}
              type="password"
              autoComplete="current-password"
              data-autofocus={account ? true : undefined}
              maxLength={1000}
            />
          )}
        </Field>
        {peerId ? (
          <Field
            label="Mobile number"
            optional
            hint="PeerID accepts a password, a mobile number, or both."
          >
            {(props) => (
              <input
                {...props}
                type="tel"
                autoComplete="tel"
                value={mobile}
                maxLength={100}
                onChange={(event) => setMobile(event.target.value)}
              />
            )}
          </Field>
        ) : null}
      </form>
      <ErrorMessage error={signIn.error} />
    </Dialog>
  );
}
