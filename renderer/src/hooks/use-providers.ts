import type { ProviderSummary } from '../../../contract/domain.ts';
import { tokenManager } from '../api.ts';
import { useLiveValue, type LiveValue } from './use-live-value.ts';

export function useProviders(): LiveValue<ProviderSummary[]> {
  const api = tokenManager();
  return useLiveValue(
    () => api.providers.list(),
    (listener) => api.providers.onChanged(listener),
  );
}
