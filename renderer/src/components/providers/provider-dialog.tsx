import { useEffect, useState } from 'react';
import type {
  ProviderInput,
  ProviderPreset,
  ProviderSummary,
} from '../../../../contract/domain.ts';
import { localError, tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useAppInfo } from '../../hooks/use-app-info.ts';
import { usePresets } from '../../hooks/use-presets.ts';
import { useProviderKinds } from '../../hooks/use-provider-kinds.ts';
import { availableOptions } from '../../lib/sign-in-methods.ts';
import {
  emptyForm,
  formFromInput,
  keepsStoredSecret,
  kindFormOf,
  presetDefaults,
  presetProblems,
  toProviderInput,
  withTrustedCa,
  type ProviderFormState,
} from '../../lib/provider-form-state.ts';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { PresetPicker } from './preset-picker.tsx';
import { ProviderForm } from './provider-form.tsx';
import { TrustCaOffer } from './trust-ca-offer.tsx';
import { useToasts } from '../ui/toasts.tsx';

const FORM_ID = 'provider-form';

/** After adding: what to do next, in the words of how accounts get here. */
function nextStep(provider: ProviderSummary): string {
  const methods = availableOptions(provider).map((o) => o.method);
  if (methods.length === 1 && methods[0] === 'token-import')
    return 'Import a token to add an account.';
  if (methods.length === 1 && methods[0] === 'client-credentials')
    return 'Request a token to start.';
  return 'Sign in to add an account.';
}

/**
 * Adding starts from the presets (or "Custom"); editing opens the form directly. Main checks
 * the issuer before saving; its errors show under the form, and the form keeps every value.
 */
export function ProviderDialog({
  provider,
  onClose,
}: {
  provider?: ProviderSummary;
  onClose: () => void;
}) {
  const api = tokenManager();
  const toasts = useToasts();
  const redirectUris = useAppInfo()?.redirectUris;
  const presets = usePresets();
  const kinds = useProviderKinds().value ?? [];
  const [step, setStep] = useState<'presets' | 'form'>(provider ? 'form' : 'presets');
  const [form, setForm] = useState<ProviderFormState>(() =>
    provider ? formFromInput(provider) : emptyForm([]),
  );
  const [preset, setPreset] = useState<ProviderPreset | undefined>();
  const [presetValues, setPresetValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const save = useAction((input: ProviderInput) =>
    provider ? api.providers.update(provider.id, input) : api.providers.add(input),
  );

  // Bring a new error into view: it appears below a long form.
  useEffect(() => {
    if (save.error)
      document.getElementById(`${FORM_ID}-error`)?.scrollIntoView({ block: 'nearest' });
  }, [save.error]);

  const finish = (saved: ProviderSummary) => {
    toasts.push({
      tone: 'success',
      title: provider ? 'Provider saved' : `${saved.name} added`,
      detail: provider ? saved.name : nextStep(saved),
    });
    onClose();
  };

  const submit = async () => {
    const missing = presetProblems(preset, presetValues);
    setProblems(missing);
    if (Object.keys(missing).length > 0) {
      save.setError(localError('Fill in the fields the template needs.'));
      document.querySelector<HTMLElement>(`#${FORM_ID} [aria-invalid="true"]`)?.focus();
      return;
    }
    const kindForm = kindFormOf(kinds, form.kind);
    if (!kindForm) {
      save.setError(localError('Choose the kind of provider.'));
      return;
    }
    const result = await save.run(
      toProviderInput(form, {
        kindForm,
        keepStoredSecret: keepsStoredSecret(provider, form, kinds),
        ...(preset ? { preset, presetValues } : {}),
      }),
    );
    if (result.ok) finish(result.value);
  };

  const checking =
    kindFormOf(kinds, form.kind)?.server.field === 'issuer' ? 'Checking the issuer…' : 'Saving…';

  return (
    <Dialog
      title={provider ? `Edit ${provider.name}` : 'Add a provider'}
      subtitle={
        step === 'presets'
          ? 'Start from a template with the right endpoints and scopes, or describe your own.'
          : preset
            ? `From the “${preset.name}” template. Review and adjust before adding.`
            : provider
              ? 'Changes apply to the next sign-in and refresh.'
              : 'Any OpenID Connect or OAuth 2.0 server, or PeerID, PlaceOS and Pi Network.'
      }
      size="lg"
      onClose={onClose}
      footer={
        step === 'form' ? (
          <>
            {!provider ? (
              <Button
                variant="ghost"
                icon="back"
                className="footer-start"
                onClick={() => setStep('presets')}
              >
                Templates
              </Button>
            ) : null}
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" type="submit" form={FORM_ID} pending={save.pending}>
              {save.pending ? checking : provider ? 'Save changes' : 'Add provider'}
            </Button>
          </>
        ) : (
          <Button onClick={onClose}>Cancel</Button>
        )
      }
    >
      {step === 'presets' ? (
        <PresetPicker
          presets={presets.value}
          loadError={presets.error}
          onChoose={(chosen) => {
            setPreset(chosen);
            setPresetValues(presetDefaults(chosen));
            setProblems({});
            setForm(chosen ? formFromInput(chosen.input) : emptyForm(kinds));
            save.setError(undefined);
            setStep('form');
          }}
          onAdded={finish}
        />
      ) : (
        <>
          <ProviderForm
            id={FORM_ID}
            value={form}
            onChange={setForm}
            onSubmit={() => void submit()}
            editing={provider}
            preset={preset}
            presetValues={presetValues}
            presetProblems={problems}
            onPresetValues={(values) => {
              setPresetValues(values);
              // A field's message goes once it has a value.
              setProblems((current) =>
                Object.fromEntries(Object.entries(current).filter(([key]) => !values[key]?.trim())),
              );
            }}
            redirectUris={redirectUris}
            kinds={kinds}
          />
          <div id={`${FORM_ID}-error`}>
            <ErrorMessage error={save.error} />
            {save.error?.certificate?.caPem ? (
              <TrustCaOffer
                problem={save.error.certificate}
                onTrust={(pem) => {
                  setForm((current) => withTrustedCa(current, pem));
                  save.setError(undefined);
                }}
              />
            ) : null}
          </div>
        </>
      )}
    </Dialog>
  );
}
