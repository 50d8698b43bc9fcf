import type { ProviderSummary, RedirectKind } from '../../../../contract/domain.ts';
import { Icon } from '../ui/icon.tsx';

/** The redirect URI to register at the provider, as main builds it (AppInfo.redirectUris). */
export function RedirectHint({
  kind,
  editing,
  uris,
}: {
  kind: RedirectKind;
  editing?: ProviderSummary | undefined;
  uris: Record<RedirectKind, string> | undefined;
}) {
  const uri =
    uris?.[kind] ??
    (editing && editing.redirectKind === kind ? editing.redirectUriHint : undefined);
  if (!uri) return null;
  return (
    <div className="hint-box">
      <Icon name="info" />
      <p>
        Register this redirect URI at your provider: <code className="hint-box__uri">{uri}</code>
      </p>
    </div>
  );
}
