import { useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../../../contract/domain.ts';
import { localError, tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { passphraseProblems, type PassphraseProblems } from '../../lib/passphrase.ts';
import { Button } from '../ui/button.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Field } from '../ui/field.tsx';
import { Icon } from '../ui/icon.tsx';
import { NewPassphraseFields } from '../vault/new-passphrase-fields.tsx';

type Change = 'passphrase' | 'keychain';

/**
 * What protects the vault now, and switching between the keychain and a passphrase. Every
 * change re-encrypts the vault under a new key; while a passphrase protects it, the current
 * passphrase is asked for first.
 */
export function VaultProtectionSettings({ vault }: { vault: VaultStatus }) {
  const api = tokenManager();
  const [change, setChange] = useState<Change | undefined>();
  const [current, setCurrent] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<PassphraseProblems | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const usesPassphrase = vault.protection === 'passphrase';
  const withCurrent = usesPassphrase ? { currentPassphrase: current } : {};
  const save = useAction((to: Change) =>
    api.vault.changeProtection(
      to === 'passphrase'
        ? { protection: 'passphrase', passphrase, ...withCurrent }
        : { protection: 'os-keychain', ...withCurrent },
    ),
  );

  const close = () => {
    setChange(undefined);
    setCurrent('');
    setPassphrase('');
    setConfirm('');
    setProblems(undefined);
    save.setError(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!change) return;
    if (usesPassphrase && !current) {
      save.setError(localError('Enter your current passphrase.'));
      return;
    }
    if (change === 'passphrase') {
      const found = passphraseProblems(passphrase, confirm);
      setProblems(found);
      if (found.passphrase || found.confirm) return;
    }
    const result = await save.run(change);
    if (!result.ok) return;
    close();
    setDone(
      change === 'keychain'
        ? 'The vault is now protected by the system keychain.'
        : usesPassphrase
          ? 'Passphrase changed.'
          : 'The vault is now protected by your passphrase.',
    );
  };

  const wrongCurrent = save.error?.code === 'WRONG_PASSPHRASE';
  const open = (next: Change) => {
    setDone(undefined);
    save.setError(undefined);
    setChange(next);
  };

  return (
    <div className="settings-block">
      <p className="protection">
        <Icon name={usesPassphrase ? 'lock' : 'shield'} />
        <span>
          {usesPassphrase
            ? 'Protected by a master passphrase. You enter it when the app starts.'
            : 'Protected by the system keychain. It opens when you are signed in to this computer.'}
        </span>
      </p>
      <p className="field__hint mono">{vault.filePath}</p>
      {done ? (
        <p className="settings-saved" role="status">
          <Icon name="check" size={14} /> {done}
        </p>
      ) : null}
      {change ? (
        <form
          className="form form--inset"
          aria-label={change === 'keychain' ? 'Switch to the system keychain' : 'New passphrase'}
          onSubmit={(event) => void submit(event)}
          noValidate
        >
          {usesPassphrase ? (
            <Field
              label="Current passphrase"
              hint="Needed to change how the vault is protected."
              error={wrongCurrent ? save.error?.message : undefined}
            >
              {(props) => (
                <input
                  {...props}
                  type="password"
                  autoComplete="current-password"
                  data-autofocus
                  value={current}
                  onChange={(event) => {
                    setCurrent(event.target.value);
                    if (save.error) save.setError(undefined);
                  }}
                />
              )}
            </Field>
          ) : null}
          {change === 'passphrase' ? (
            <NewPassphraseFields
              passphrase={passphrase}
              confirm={confirm}
              onPassphrase={setPassphrase}
              onConfirm={setConfirm}
              problems={problems}
              autoFocus={!usesPassphrase}
            />
          ) : null}
          <p className="field__hint">
            The vault is encrypted again under a new key, so a copy of the old file does not open
            anything stored from now on.
          </p>
          {wrongCurrent ? null : <ErrorMessage error={save.error} />}
          <div className="form__actions">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" pending={save.pending}>
              {change === 'keychain'
                ? 'Switch to the keychain'
                : usesPassphrase
                  ? 'Change passphrase'
                  : 'Switch to this passphrase'}
            </Button>
          </div>
        </form>
      ) : (
        <div className="form__actions form__actions--start">
          <Button onClick={() => open('passphrase')}>
            {usesPassphrase ? 'Change passphrase' : 'Switch to a master passphrase'}
          </Button>
          {usesPassphrase ? (
            <Button
              unavailableReason={
                vault.keychainAvailable
                  ? undefined
                  : 'This system offers no keychain the app can use.'
              }
              onClick={() => open('keychain')}
            >
              Use the system keychain
            </Button>
          ) : null}
        </div>
      )}
    </div>
  );
}
