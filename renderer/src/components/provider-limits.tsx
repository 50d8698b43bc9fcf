import type { ProviderSummary } from '../../../preload/api.ts';

/** What this provider cannot do, said up front instead of failing later. */
export function ProviderLimits({ provider }: { provider: ProviderSummary }) {
  const { endpoints } = provider;
  const limits: [string, string][] = [];
  if (!endpoints.authorization) {
    limits.push(['no browser sign-in', 'No authorization endpoint: accounts cannot sign in.']);
  }
  if (!endpoints.revocation) {
    limits.push([
      'no revocation',
      'No revocation endpoint: tokens can only be removed from this app, not revoked.',
    ]);
  }
  if (!endpoints.introspection) {
    limits.push([
      'no introspection',
      'No introspection endpoint: Inspect cannot ask whether a token is still active.',
    ]);
  }
  if (!endpoints.userinfo && provider.kind === 'oidc') {
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
