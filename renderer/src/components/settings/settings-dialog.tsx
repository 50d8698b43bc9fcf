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
import { NumberSetting } from './number-setting.tsx';
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
  const [saved, setSaved] = useState(false);
  const update = useAction((changes: Partial<AppSettings>) => api.settings.update(changes));

  useEffect(() => {
    let active = true;
    api.settings.get().then(
      (result) => {
        if (!active) return;
        if (!result.ok) return setLoadError(result.error);
        setSettings(result.value);
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
      setSaved(true);
    } else if (before) {
      setSettings(before);
    }
  };

  const invalid = (message: string) => update.setError(localError(message));

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
          <NumberSetting
            label="Clear copied tokens after"
            hint="0 leaves a copied token on the clipboard."
            unit="seconds"
            value={settings.clipboardClearSeconds}
            min={0}
            max={3600}
            onSave={(value) => void save({ clipboardClearSeconds: value })}
            onInvalid={invalid}
          />
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
          <div className="form__grid">
            <NumberSetting
              label="Refreshes at once"
              hint="Background refresh and Refresh all, across providers."
              unit="refreshes"
              value={settings.refreshConcurrency}
              min={1}
              max={16}
              onSave={(value) => void save({ refreshConcurrency: value })}
              onInvalid={invalid}
            />
            <NumberSetting
              label="At one provider"
              hint="No provider gets more requests than this at a time."
              unit="refreshes"
              value={settings.refreshPerProvider}
              min={1}
              max={16}
              onSave={(value) => void save({ refreshPerProvider: value })}
              onInvalid={invalid}
            />
          </div>
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
            <NumberSetting
              label="Idle time"
              hint="Without activity, before it locks."
              unit="minutes"
              value={settings.autoLockMinutes}
              min={1}
              max={1440}
              disabled={settings.autoLock === 'never'}
              onSave={(value) => void save({ autoLockMinutes: value })}
              onInvalid={invalid}
            />
          </div>
        ) : null}
        <VaultProtectionSettings vault={vault} />
      </section>
    </Dialog>
  );
}
