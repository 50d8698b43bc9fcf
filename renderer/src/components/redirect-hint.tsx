import type { ProviderSummary, RedirectKind } from '../../../preload/api.ts';
import { Icon } from './icon.tsx';

/** Matches main's callback path for the private-use scheme (app-core CUSTOM_SCHEME_CALLBACK_PATH). */
const CUSTOM_SCHEME_PATH = '/oauth/callback';
const LOOPBACK_HINT = 'http://127.0.0.1/callback (any port)';

/** The redirect URI to register at the provider: main's own hint once the provider is saved. */
export function RedirectHint({
  kind,
  editing,
  customScheme,
}: {
  kind: RedirectKind;
  editing?: ProviderSummary | undefined;
  customScheme: string;
}) {
  const uri =
    editing && editing.redirectKind === kind
      ? editing.redirectUriHint
      : kind === 'loopback'
        ? LOOPBACK_HINT
        : `${customScheme}:${CUSTOM_SCHEME_PATH}`;
  return (
    <div className="hint-box">
      <Icon name="info" />
      <p>
        Register this redirect URI at your provider: <code className="hint-box__uri">{uri}</code>
      </p>
    </div>
  );
}
