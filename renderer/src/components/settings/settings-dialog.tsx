import { useEffect, useState } from 'react';
import type {
  AppSettings,
  AutoLockSetting,
  ErrorInfo,
  VaultStatus,
} from '../../../../contract/domain.ts';
import { bridgeError, localError, tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useAppInfo } from '../../hooks/use-app-info.ts';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Field } from '../ui/field.tsx';
import { Icon } from '../ui/icon.tsx';
import { ScriptsSettings } from '../script-access/scripts-settings.tsx';
import { VaultProtectionSettings } from './vault-protection-settings.tsx';

const AUTO_LOCK_OPTIONS: [AutoLockSetting, string][] = [
  ['passphrase', 'Only with a passphrase'],
  ['always', 'Always'],
  ['never', 'Never'],
];

/** Clipboard clearing, background refresh, auto-lock and vault protection. Changes save as you make them. */
export function SettingsDialog({ vault, onClose }: { vault: VaultStatus; onClose: () => void }) {
  const api = tokenManager();
  const info = useAppInfo();
  const [settings, setSettings] = useState<AppSettings | undefined>();
  const [loadError, setLoadError] = useState<ErrorInfo | undefined>();
  const [seconds, setSeconds] = useState('');
  const [minutes, setMinutes] = useState('');
  const [saved, setSaved] = useState(false);
  const update = useAction((changes: Partial<AppSettings>) => api.settings.update(changes));

  useEffect(() => {
    let active = true;
    api.settings.get().then(
      (result) => {
        if (!active) return;
        if (!result.ok) return setLoadError(result.error);
        setSettings(result.value);
        setSeconds(String(result.value.clipboardClearSeconds));
        setMinutes(String(result.value.autoLockMinutes));
      },
      (err: unknown) => active && setLoadError(bridgeError(err)),
    );
    return () => {
      active = false;
    };
  }, [api]);

  // Optimistic: the control shows the new value at once and goes back if main refuses it.
  const save = async (changes: Partial<AppSettings>) => {
    const before = settings;
    setSaved(false);
    if (before) setSettings({ ...before, ...changes });
    const result = await update.run(changes);
    if (result.ok) {
      setSettings(result.value);
      setSeconds(String(result.value.clipboardClearSeconds));
      setMinutes(String(result.value.autoLockMinutes));
      setSaved(true);
    } else if (before) {
      setSettings(before);
    }
  };

  const saveSeconds = () => {
    if (!settings || seconds === String(settings.clipboardClearSeconds)) return;
    const value = Number(seconds);
    if (!/^\d+$/.test(seconds.trim()) || value > 3600) {
      update.setError(localError('Enter a whole number of seconds from 0 to 3600.'));
      return;
    }
    void save({ clipboardClearSeconds: value });
  };

  const saveMinutes = () => {
    if (!settings || minutes === String(settings.autoLockMinutes)) return;
    const value = Number(minutes);
    if (!/^\d+$/.test(minutes.trim()) || value < 1 || value > 1440) {
      update.setError(localError('Enter a whole number of minutes from 1 to 1440.'));
      return;
    }
    void save({ autoLockMinutes: value });
  };

  return (
    <Dialog
      title="Settings"
      subtitle={info ? `${info.name} ${info.version}` : undefined}
      size="md"
      onClose={onClose}
      footer={<Button onClick={onClose}>Done</Button>}
    >
      <ErrorMessage error={loadError} />
      {settings ? (
        <section className="settings-section" aria-labelledby="settings-tokens">
          <h3 id="settings-tokens">Tokens</h3>
          <Field
            label="Clear copied tokens after"
            hint="Seconds. 0 leaves a copied token on the clipboard."
          >
            {(props) => (
              <span className="input-suffix">
                <input
                  {...props}
                  className="input input--narrow tabular"
                  inputMode="numeric"
                  value={seconds}
                  onChange={(event) => setSeconds(event.target.value)}
                  onBlur={saveSeconds}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') {
                      event.preventDefault();
                      saveSeconds();
                    }
                  }}
                />
                <span className="muted">seconds</span>
              </span>
            )}
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.autoRefresh}
              onChange={(event) => void save({ autoRefresh: event.target.checked })}
            />
            <span>
              <span className="check__label">Refresh tokens in the background</span>
              <span className="check__detail">
                Shortly before an access token expires, while the app is open.
              </span>
            </span>
          </label>
          <ErrorMessage error={update.error} />
          {saved && !update.error ? (
            <p className="settings-saved" role="status">
              <Icon name="check" size={14} /> Saved
            </p>
          ) : null}
        </section>
      ) : null}
      {settings ? <ScriptsSettings settings={settings} save={save} /> : null}
      <section className="settings-section" aria-labelledby="settings-vault">
        <h3 id="settings-vault">Vault</h3>
        {settings ? (
          <div className="form__grid">
            <Field
              label="Lock by itself"
              hint="When the screen locks, the computer sleeps, or after the idle time."
            >
              {(props) => (
                <select
                  {...props}
                  value={settings.autoLock}
                  onChange={(event) =>
                    void save({ autoLock: event.target.value as AutoLockSetting })
                  }
                >
                  {AUTO_LOCK_OPTIONS.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Idle time" hint="Minutes without activity before it locks.">
              {(props) => (
                <span className="input-suffix">
                  <input
                    {...props}
                    className="input input--narrow tabular"
                    inputMode="numeric"
                    disabled={settings.autoLock === 'never'}
                    value={minutes}
                    onChange={(event) => setMinutes(event.target.value)}
                    onBlur={saveMinutes}
                    onKeyDown={(event) => {
                      if (event.key === 'Enter') {
                        event.preventDefault();
                        saveMinutes();
                      }
                    }}
                  />
                  <span className="muted">minutes</span>
                </span>
              )}
            </Field>
          </div>
        ) : null}
        <VaultProtectionSettings vault={vault} />
      </section>
    </Dialog>
  );
}
