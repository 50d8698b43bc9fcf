import type { AccountSummary } from '../../contract/domain.ts';

/**
 * An active, fully refreshable account summary as main sends it, for tests of code that reads
 * summaries (tray menu, scheduler). `issuedAt` defaults to an hour before `expiresAt`.
 */
export function accountSummary(
  overrides: Partial<AccountSummary> & Pick<AccountSummary, 'expiresAt'>,
): AccountSummary {
  return {
    id: 'acc-1',
    providerId: 'prov-1',
    providerName: 'Acme ID',
    label: 'ana@example.test',
    subject: 'ana',
    scopes: ['openid', 'offline_access'],
    issuedAt: (overrides.expiresAt ?? 0) - 60 * 60_000,
    lastRefreshedAt: null,
    status: 'active',
    statusMessage: null,
    signInMethod: 'authorization-code',
    hasRefreshToken: true,
    hasIdToken: true,
    tokenBinding: null,
    signInNeededBy: null,
    refreshKind: 'refresh',
    refreshLabel: 'Refresh',
    scripting: { shortName: 'ana', access: 'never', gitHosts: [] },
    actions: {
      refresh: { available: true },
      revoke: { available: true },
      inspect: { available: true },
      copy: { available: true },
    },
    ...overrides,
  };
}
