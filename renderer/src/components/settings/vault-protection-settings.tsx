import { useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../../../preload/api.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { passphraseProblems, type PassphraseProblems } from '../../lib/passphrase.ts';
import { Button } from '../ui/button.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Icon } from '../ui/icon.tsx';
import { NewPassphraseFields } from '../vault/new-passphrase-fields.tsx';

/** What protects the vault now, and switching between the keychain and a passphrase. */
export function VaultProtectionSettings({ vault }: { vault: VaultStatus }) {
  const api = tokenManager();
  const [editing, setEditing] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<PassphraseProblems | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const toPassphrase = useAction(() =>
    api.vault.changeProtection({ protection: 'passphrase', passphrase }),
  );
  const toKeychain = useAction(() => api.vault.changeProtection({ protection: 'os-keychain' }));
  const usesPassphrase = vault.protection === 'passphrase';

  const submitPassphrase = async (event: FormEvent) => {
    event.preventDefault();
    const found = passphraseProblems(passphrase, confirm);
    setProblems(found);
    if (found.passphrase || found.confirm) return;
    const result = await toPassphrase.run();
    if (result.ok) {
      setEditing(false);
      setPassphrase('');
      setConfirm('');
      setProblems(undefined);
      setDone(
        usesPassphrase ? 'Passphrase changed.' : 'The vault is now protected by your passphrase.',
      );
    }
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
      {editing ? (
        <form
          className="form form--inset"
          onSubmit={(event) => void submitPassphrase(event)}
          noValidate
        >
          <NewPassphraseFields
            passphrase={passphrase}
            confirm={confirm}
            onPassphrase={setPassphrase}
            onConfirm={setConfirm}
            problems={problems}
            autoFocus
          />
          <ErrorMessage error={toPassphrase.error} />
          <div className="form__actions">
            <Button onClick={() => setEditing(false)}>Cancel</Button>
            <Button type="submit" variant="primary" pending={toPassphrase.pending}>
              {usesPassphrase ? 'Change passphrase' : 'Switch to this passphrase'}
            </Button>
          </div>
        </form>
      ) : (
        <div className="form__actions form__actions--start">
          <Button
            onClick={() => {
              setDone(undefined);
              setEditing(true);
            }}
          >
            {usesPassphrase ? 'Change passphrase' : 'Switch to a master passphrase'}
          </Button>
          {usesPassphrase ? (
            <Button
              pending={toKeychain.pending}
              unavailableReason={
                vault.keychainAvailable
                  ? undefined
                  : 'This system offers no keychain the app can use.'
              }
              onClick={() => {
                setDone(undefined);
                void toKeychain
                  .run()
                  .then(
                    (result) =>
                      result.ok && setDone('The vault is now protected by the system keychain.'),
                  );
              }}
            >
              Use the system keychain
            </Button>
          ) : null}
        </div>
      )}
      <ErrorMessage error={toKeychain.error} />
    </div>
  );
}
