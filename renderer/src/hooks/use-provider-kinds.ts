import type { ProviderKindForm } from '../../../contract/domain.ts';
import { tokenManager } from '../api.ts';
import { useLiveValue, type LiveValue } from './use-live-value.ts';

const noEvents = () => () => undefined;

/** How the form asks for each kind of provider, from main's registry (fixed while running). */
export function useProviderKinds(): LiveValue<ProviderKindForm[]> {
  return useLiveValue(() => tokenManager().providers.kinds(), noEvents);
}
