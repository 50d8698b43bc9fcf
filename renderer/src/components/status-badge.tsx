import type { AccountStatus } from '../../../preload/api.ts';

const LABELS: Record<Exclude<AccountStatus, 'active'>, string> = {
  'reauth-required': 'Needs sign-in',
  revoked: 'Revoked',
  error: 'Error',
};

/** Nothing for a healthy account; a labelled badge for one that needs attention. */
export function StatusBadge({ status }: { status: AccountStatus }) {
  if (status === 'active') return null;
  return <span className={`badge badge--${status}`}>{LABELS[status]}</span>;
}
