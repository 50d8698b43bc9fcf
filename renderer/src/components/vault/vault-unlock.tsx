import { useRef, useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../../../contract/domain.ts';
import { localError, tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { Button } from '../ui/button.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Field } from '../ui/field.tsx';
import { GateLayout, VaultPath } from './gate-layout.tsx';

/**
 * A locked vault. A passphrase vault asks for it (a wrong one keeps the field and says so);
 * a keychain vault the keychain would not open can only be retried.
 */
export function VaultUnlock({ vault }: { vault: VaultStatus }) {
  const [passphrase, setPassphrase] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const keychain = vault.protection === 'os-keychain';
  const unlock = useAction(() =>
    keychain ? tokenManager().vault.retryKeychain() : tokenManager().vault.unlock(passphrase),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!keychain && !passphrase) {
      unlock.setError(localError('Enter your master passphrase.'));
      return;
    }
    const result = await unlock.run();
    if (!result.ok) field.current?.select();
  };

  if (keychain) {
    // No problem reported: the vault was locked (by the user or by itself), not refused.
    const refused = Boolean(vault.problem);
    return (
      <GateLayout
        icon="lock"
        title={refused ? 'The keychain did not open the vault' : 'Token Desk is locked'}
        lead={
          vault.problem ??
          'The vault was locked (by you, a screen lock, sleep or idle time). The system keychain opens it again.'
        }
      >
        <form className="form" onSubmit={(event) => void submit(event)}>
          <ErrorMessage error={unlock.error} />
          <Button type="submit" variant="primary" className="btn--block" pending={unlock.pending}>
            {refused ? 'Try again' : 'Unlock'}
          </Button>
        </form>
        <VaultPath path={vault.filePath} />
      </GateLayout>
    );
  }

  const wrong = unlock.error?.code === 'WRONG_PASSPHRASE';
  return (
    <GateLayout
      icon="lock"
      title="Unlock Token Desk"
      lead="Enter your master passphrase to open the vault."
    >
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <Field label="Master passphrase" error={wrong ? unlock.error?.message : undefined}>
          {(props) => (
            <input
              {...props}
              ref={field}
              type="password"
              autoComplete="current-password"
              autoFocus
              value={passphrase}
              onChange={(event) => {
                setPassphrase(event.target.value);
                if (wrong) unlock.setError(undefined);
              }}
            />
          )}
        </Field>
        {wrong ? null : <ErrorMessage error={unlock.error} />}
        <Button type="submit" variant="primary" className="btn--block" pending={unlock.pending}>
          Unlock
        </Button>
      </form>
      <VaultPath path={vault.filePath} />
    </GateLayout>
  );
}
