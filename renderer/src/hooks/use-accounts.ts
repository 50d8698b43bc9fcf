import type { AccountSummary } from '../../../contract/domain.ts';
import { tokenManager } from '../api.ts';
import { useLiveValue, type LiveValue } from './use-live-value.ts';

export function useAccounts(): LiveValue<AccountSummary[]> {
  const api = tokenManager();
  return useLiveValue(
    () => api.accounts.list(),
    (listener) => api.accounts.onChanged(listener),
  );
}
