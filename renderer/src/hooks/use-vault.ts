import type { VaultStatus } from '../../../contract/domain.ts';
import { tokenManager } from '../api.ts';
import { useLiveValue, type LiveValue } from './use-live-value.ts';

/** The vault's state: the gate in front of everything else. */
export function useVault(): LiveValue<VaultStatus> {
  const api = tokenManager();
  return useLiveValue(
    () => api.vault.status(),
    (listener) => api.vault.onChanged(listener),
  );
}
