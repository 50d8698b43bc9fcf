import type { AccountSummary, ProviderSummary, SignInFlow } from '../../../contract/domain.ts';
import { nativeClientInput } from '../../support/oidc-provider-input.ts';
import type { ShellApp } from './shell-app.ts';

/** Creates the vault from the page, as the vault setup screen does. */
export async function createVault(
  app: ShellApp,
  protection: 'os-keychain' | { passphrase: string } = 'os-keychain',
): Promise<void> {
  await app.apiOk(
    'vault.create',
    protection === 'os-keychain'
      ? { protection: 'os-keychain' }
      : { protection: 'passphrase', passphrase: protection.passphrase },
  );
}

/** Adds the test IdP's native client from the page. */
export function addProvider(
  app: ShellApp,
  issuer: string,
  redirectKind: 'loopback' | 'custom-scheme',
): Promise<ProviderSummary> {
  return app.apiOk<ProviderSummary>('providers.add', nativeClientInput(issuer, { redirectKind }));
}

/**
 * Starts a browser sign-in from the page and resolves with the flow and the authorization
 * URL the app handed to the system browser.
 */
export async function startSignIn(
  app: ShellApp,
  providerId: string,
): Promise<{ flow: SignInFlow; authorizationUrl: string }> {
  const seen = app.reports.length;
  const flow = await app.apiOk<SignInFlow>('signIn.start', {
    providerId,
    method: 'authorization-code',
  });
  const opened = await app.report('open-external', () => true, seen);
  return { flow, authorizationUrl: opened.url };
}

/** Polls the page's flow list until the flow has finished. */
export async function finishedFlow(app: ShellApp, flowId: string): Promise<SignInFlow> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const flows = await app.apiOk<SignInFlow[]>('signIn.list');
    const flow = flows.find((f) => f.id === flowId);
    if (flow && flow.status !== 'waiting' && flow.status !== 'exchanging') return flow;
    if (Date.now() > deadline) throw new Error(`flow ${flowId} did not finish`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function accounts(app: ShellApp): Promise<AccountSummary[]> {
  return app.apiOk<AccountSummary[]>('accounts.list');
}
