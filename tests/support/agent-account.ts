import { updateAccountScripting } from '../../main/core/agent/account-scripting.ts';
import { accountVaultId, type StoredTokens } from '../../main/core/model.ts';
import type { ScriptAccess } from '../../contract/domain.ts';
import { createHarness, type Harness, type HarnessOptions } from './core-harness.ts';
import { nativeClientInput } from './oidc-provider-input.ts';
import { signInWithBrowser } from './sign-in.ts';

/**
 * A real core with one account signed in at `issuer` as alice, short name "work", the given
 * script access, and "Scripts can request tokens" on: what a user has set up for scripts.
 */
export async function agentWithAccount(
  issuer: string,
  options: HarnessOptions & { access?: ScriptAccess; gitHosts?: string[] } = {},
) {
  const h: Harness = await createHarness(options);
  const provider = await h.core.providers.add(nativeClientInput(issuer));
  await signInWithBrowser(h, provider.id, 'alice');
  const signedIn = h.core.accounts.summaries()[0]!;
  const account = updateAccountScripting(h.core, {
    id: signedIn.id,
    access: options.access ?? 'always',
    shortName: 'work',
    ...(options.gitHosts ? { gitHosts: options.gitHosts } : {}),
  });
  h.core.metadata.updateSettings({ scriptsEnabled: true });
  await h.core.agent.sync();
  const socket = h.core.agent.status().socketPath!;
  const tokens = () => h.core.vault.get<StoredTokens>(accountVaultId(account.id))!;
  return { h, account, socket, tokens, provider };
}

/** Answers every consent prompt the core shows with `decision`, until unsubscribed. */
export function answerPrompts(
  h: Harness,
  decision: 'allow-once' | 'allow-hour' | 'deny',
): { prompts: number; stop(): void } {
  const seen = new Set<string>();
  const state = { prompts: 0, stop: () => unsubscribe() };
  const unsubscribe = h.core.events.subscribe((event, payload) => {
    if (event !== 'agent:pendingChanged') return;
    for (const request of payload as { id: string }[]) {
      if (seen.has(request.id)) continue;
      seen.add(request.id);
      state.prompts++;
      queueMicrotask(() => h.core.consent.answer(request.id, decision));
    }
  });
  return state;
}

/** Polls `condition` every 10 ms until it holds; rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
