import type { SignInFlow } from '../../contract/domain.ts';
import { browse, type BrowserOutcome, type BrowseOptions } from './headless-browser.ts';
import type { Harness } from './core-harness.ts';
import { waitForFlow } from './wait.ts';

/** Starts a browser sign-in and lets the headless "browser" complete it as `account`. */
export async function signInWithBrowser(
  h: Harness,
  providerId: string,
  account: string,
  options: Omit<BrowseOptions, 'account'> & { accountId?: string } = {},
): Promise<{ flow: SignInFlow; outcome: BrowserOutcome; done: SignInFlow }> {
  const opened = h.nextOpened();
  const flow = await h.core.signIn.start({
    providerId,
    method: 'authorization-code',
    ...(options.accountId ? { accountId: options.accountId } : {}),
  });
  const outcome = await browse(await opened, { ...options, account });
  const done = await waitForFlow(h.core, flow.id);
  return { flow, outcome, done };
}
