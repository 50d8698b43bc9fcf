import type { AccountStatus, SignInMethod } from '../../../../contract/domain.ts';

const LABELS: Record<Exclude<AccountStatus, 'active'>, string> = {
  'reauth-required': 'Needs sign-in',
  revoked: 'Revoked',
  error: 'Error',
};

/** Nothing for a healthy account; a labelled badge for one that needs attention. */
export function StatusBadge({ status, method }: { status: AccountStatus; method?: SignInMethod }) {
  if (status === 'active') return null;
  const label =
    status === 'reauth-required' && method === 'token-import'
      ? 'Needs a new token'
      : LABELS[status];
  return <span className={`badge badge--${status}`}>{label}</span>;
}
