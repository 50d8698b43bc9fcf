import { useState, type FormEvent } from 'react';
import type { VaultProtection, VaultStatus } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { passphraseProblems, type PassphraseProblems } from '../../lib/passphrase.ts';
import { Button } from '../ui/button.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { GateLayout, VaultPath } from './gate-layout.tsx';
import { NewPassphraseFields } from './new-passphrase-fields.tsx';

/** First run: choose what protects the vault's key. */
export function VaultSetup({
  vault,
  movedTo,
}: {
  vault: VaultStatus;
  movedTo?: string | undefined;
}) {
  const [choice, setChoice] = useState<VaultProtection>(
    vault.keychainAvailable ? 'os-keychain' : 'passphrase',
  );
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<PassphraseProblems | undefined>();
  const create = useAction(() =>
    tokenManager().vault.create(
      choice === 'os-keychain'
        ? { protection: 'os-keychain' }
        : { protection: 'passphrase', passphrase },
    ),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice === 'passphrase') {
      const found = passphraseProblems(passphrase, confirm);
      setProblems(found);
      if (found.passphrase || found.confirm) return;
    }
    void create.run();
  };

  return (
    <GateLayout
      icon="shield"
      title="Set up your vault"
      lead="Token Desk keeps your tokens and client secrets in an encrypted vault on this computer. Choose what unlocks it."
    >
      {movedTo ? (
        <div className="notice notice--info" role="status">
          <div className="notice__body">
            <p className="notice__title">The damaged vault file was set aside.</p>
            <p className="notice__detail mono">{movedTo}</p>
          </div>
        </div>
      ) : null}
      <form className="form" onSubmit={submit} noValidate>
        <fieldset className="choice-cards">
          <legend className="visually-hidden">Vault protection</legend>
          <label className={`choice-card${vault.keychainAvailable ? '' : ' is-unavailable'}`}>
            <input
              type="radio"
              name="protection"
              value="os-keychain"
              checked={choice === 'os-keychain'}
              disabled={!vault.keychainAvailable}
              aria-describedby="keychain-detail"
              onChange={() => setChoice('os-keychain')}
            />
            <span className="choice-card__text">
              <span className="choice-card__label">
                Use the system keychain
                {vault.keychainAvailable ? (
                  <span className="tag tag--accent">Recommended</span>
                ) : null}
              </span>
              <span id="keychain-detail" className="choice-card__detail">
                {vault.keychainAvailable
                  ? 'Your operating system guards the key, so the vault opens by itself when you are signed in to this computer.'
                  : 'Not available: this system offers no keychain the app can use.'}
              </span>
            </span>
          </label>
          <label className="choice-card">
            <input
              type="radio"
              name="protection"
              value="passphrase"
              checked={choice === 'passphrase'}
              aria-describedby="passphrase-detail"
              onChange={() => setChoice('passphrase')}
            />
            <span className="choice-card__text">
              <span className="choice-card__label">Use a master passphrase</span>
              <span id="passphrase-detail" className="choice-card__detail">
                You type it each time the app starts; without it nobody can open the vault — not
                even you, so keep it somewhere safe.
              </span>
            </span>
          </label>
        </fieldset>
        {choice === 'passphrase' ? (
          <NewPassphraseFields
            passphrase={passphrase}
            confirm={confirm}
            onPassphrase={setPassphrase}
            onConfirm={setConfirm}
            problems={problems}
          />
        ) : null}
        <ErrorMessage error={create.error} />
        <Button type="submit" variant="primary" className="btn--block" pending={create.pending}>
          Create vault
        </Button>
      </form>
      <VaultPath path={vault.filePath} />
    </GateLayout>
  );
}
