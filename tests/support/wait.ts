import type { SignInFlow } from '../../contract/domain.ts';
import type { Core } from '../../main/core/app-core.ts';

/** Resolves when the flow has finished (succeeded, failed or cancelled). */
export function waitForFlow(core: Core, flowId: string, timeoutMs = 15_000): Promise<SignInFlow> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const flow = core.signIn.list().find((f) => f.id === flowId);
      if (flow && flow.status !== 'waiting' && flow.status !== 'exchanging') {
        resolve(flow);
        return true;
      }
      return false;
    };
    if (check()) return;
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`flow ${flowId} did not finish`));
    }, timeoutMs);
    const unsubscribe = core.events.subscribe((event) => {
      if (event === 'signIn:changed' && check()) {
        clearTimeout(timer);
        unsubscribe();
      }
    });
  });
}
