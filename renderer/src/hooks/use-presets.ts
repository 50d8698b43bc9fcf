import type { ProviderPreset } from '../../../contract/domain.ts';
import { tokenManager } from '../api.ts';
import { useLiveValue, type LiveValue } from './use-live-value.ts';

const noEvents = () => () => undefined;

/** The provider templates main ships (fixed for the app's lifetime). */
export function usePresets(): LiveValue<ProviderPreset[]> {
  return useLiveValue(() => tokenManager().providers.presets(), noEvents);
}
