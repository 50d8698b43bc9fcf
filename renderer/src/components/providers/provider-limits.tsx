import type { ProviderSummary } from '../../../../contract/domain.ts';
import { optionFor } from '../../lib/sign-in-methods.ts';

/** What this provider cannot do, said up front (the reason on hover) instead of failing later. */
export function ProviderLimits({ provider }: { provider: ProviderSummary }) {
  const { capabilities, kind } = provider;
  const limits: [string, string][] = [];
  const browser = optionFor(provider, 'authorization-code');
  if (browser && !browser.available) limits.push(['no browser sign-in', browser.reason]);
  if (!capabilities.refresh.available) limits.push(['no refresh', capabilities.refresh.reason]);
  if (!capabilities.revoke.available) limits.push(['no revocation', capabilities.revoke.reason]);
  // PeerID and Pi check tokens their own way (Inspect shows it); these are standard endpoints.
  if (!capabilities.introspection && (kind === 'oidc' || kind === 'oauth2')) {
    limits.push([
      'no introspection',
      'No introspection endpoint: Inspect cannot ask whether a token is still active.',
    ]);
  }
  if (!capabilities.userinfo && kind === 'oidc') {
    limits.push(['no UserInfo', 'No UserInfo endpoint.']);
  }
  if (limits.length === 0) return null;
  return (
    <ul className="limits" aria-label="Not supported by this provider">
      {limits.map(([label, detail]) => (
        <li key={label} className="limit" title={detail}>
          {label}
        </li>
      ))}
    </ul>
  );
}
