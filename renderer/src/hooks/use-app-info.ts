import type { AppInfo } from '../../../contract/domain.ts';
import { tokenManager } from '../api.ts';
import { useLiveValue } from './use-live-value.ts';

const noEvents = () => () => undefined;

export function useAppInfo(): AppInfo | undefined {
  return useLiveValue(() => tokenManager().app.info(), noEvents).value;
}
