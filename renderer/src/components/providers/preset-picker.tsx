import { useState } from 'react';
import type { ErrorInfo, ProviderPreset, ProviderSummary } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { Button } from '../ui/button.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Icon } from '../ui/icon.tsx';
import { InlineCode } from '../ui/inline-code.tsx';

/**
 * Templates from main, plus "Custom". A template that needs no input can be added in one
 * click; choosing it opens the prefilled form for review.
 */
export function PresetPicker({
  presets,
  loadError,
  onChoose,
  onAdded,
}: {
  presets: ProviderPreset[] | undefined;
  loadError: ErrorInfo | undefined;
  onChoose: (preset: ProviderPreset | undefined) => void;
  onAdded: (provider: ProviderSummary) => void;
}) {
  const api = tokenManager();
  const [adding, setAdding] = useState<string | undefined>();
  const add = useAction((preset: ProviderPreset) => api.providers.add(preset.input));

  return (
    <div className="presets">
      <ErrorMessage error={loadError} />
      <ul className="presets__list">
        {(presets ?? []).map((preset) => (
          <li key={preset.id} className="preset">
            <button type="button" className="preset__main" onClick={() => onChoose(preset)}>
              <span className="preset__name">{preset.name}</span>
              <span className="preset__description">
                <InlineCode text={preset.description} />
              </span>
              <span className="preset__meta mono">{whereOf(preset)}</span>
            </button>
            {preset.fields.length === 0 ? (
              <Button
                size="sm"
                variant="primary"
                icon="plus"
                className="preset__quick"
                pending={add.pending && adding === preset.id}
                aria-label={`Add now: ${preset.name}`}
                onClick={() => {
                  setAdding(preset.id);
                  void add.run(preset).then((result) => result.ok && onAdded(result.value));
                }}
              >
                Add now
              </Button>
            ) : null}
          </li>
        ))}
        <li className="preset">
          <button type="button" className="preset__main" onClick={() => onChoose(undefined)}>
            <span className="preset__name">
              <Icon name="pencil" size={14} /> Custom provider
            </span>
            <span className="preset__description">
              Any OpenID Connect issuer (discovery), OAuth 2.0 server with endpoints you enter, or a
              PeerID, PlaceOS or Pi Network server at another address.
            </span>
          </button>
        </li>
      </ul>
      <ErrorMessage error={add.error} />
    </div>
  );
}

/** Where a template points, unless that is only a placeholder ("{url}"). */
function whereOf(preset: ProviderPreset): string | undefined {
  const { input } = preset;
  const where = input.issuer ?? input.baseUrl ?? input.endpoints?.token;
  return where?.startsWith('{') ? undefined : where;
}
