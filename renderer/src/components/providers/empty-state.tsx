import { tokenManager } from '../../api.ts';
import { useAction } from '../../hooks/use-action.ts';
import { usePresets } from '../../hooks/use-presets.ts';
import { Button } from '../ui/button.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { Icon } from '../ui/icon.tsx';

const DEMO_PRESET_ID = 'demo';

/** First run: what the app does, and two ways to start. */
export function EmptyState({ onAddProvider }: { onAddProvider: () => void }) {
  const api = tokenManager();
  const demo = usePresets().value?.find((preset) => preset.id === DEMO_PRESET_ID);
  const addDemo = useAction(() =>
    demo ? api.providers.add(demo.input) : Promise.resolve({ ok: true as const, value: undefined }),
  );

  return (
    <section className="empty" aria-labelledby="empty-title">
      <span className="empty__icon" aria-hidden="true">
        <Icon name="key" size={26} />
      </span>
      <h1 id="empty-title" className="empty__title">
        All your OAuth tokens, at hand
      </h1>
      <p className="empty__text">
        Sign in at OAuth 2.0 and OpenID Connect providers; tokens stay encrypted on this computer.
        <br />
        See when each one expires, and refresh, inspect, revoke or copy it in one click.
      </p>
      <div className="empty__actions">
        {demo ? (
          <Button
            variant="primary"
            icon="plus"
            pending={addDemo.pending}
            onClick={() => void addDemo.run()}
          >
            Try the local demo provider
          </Button>
        ) : null}
        <Button icon="plus" onClick={onAddProvider}>
          Add a provider
        </Button>
      </div>
      {demo ? (
        <p className="empty__hint">
          The demo provider runs on this machine: start it with <code>npm run demo</code> first.
        </p>
      ) : null}
      <div className="empty__error">
        <ErrorMessage error={addDemo.error} />
      </div>
    </section>
  );
}
