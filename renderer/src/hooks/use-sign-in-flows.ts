import type { SignInFlow } from '../../../contract/domain.ts';
import { tokenManager } from '../api.ts';
import { useLiveValue, type LiveValue } from './use-live-value.ts';

/** Sign-ins in progress and, for a while, how they ended. */
export function useSignInFlows(): LiveValue<SignInFlow[]> {
  const api = tokenManager();
  return useLiveValue(
    () => api.signIn.list(),
    (listener) => api.signIn.onChanged(listener),
  );
}
