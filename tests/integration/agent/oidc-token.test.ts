import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { updateAccountScripting } from '../../../main/core/agent/account-scripting.ts';
import { accountVaultId, type StoredTokens } from '../../../main/core/model.ts';
import type { ScriptAccess } from '../../../contract/domain.ts';
import { startOidcIdp, type TestIdp } from '../../servers/oidc-idp.ts';
import { oidcToken } from '../../support/agent-client.ts';
import { createHarness, type Harness } from '../../support/core-harness.ts';
import { nativeClientInput } from '../../support/oidc-provider-input.ts';
import { signInWithBrowser } from '../../support/sign-in.ts';

// The real client: Debian's oidc-token (oidc-agent-cli 4.x), which starts with oidc-agent's
// libsodium key exchange, against Token Desk's socket and an account signed in at oidc-provider.

let idp: TestIdp;
const harnesses: Harness[] = [];

beforeAll(async () => {
  idp = await startOidcIdp();
});
afterAll(() => idp.close());
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function agentWithAccount(issuer: string, access: ScriptAccess = 'always') {
  const h = await createHarness();
  harnesses.push(h);
  const provider = await h.core.providers.add(nativeClientInput(issuer));
  await signInWithBrowser(h, provider.id, 'alice');
  const signedIn = h.core.accounts.summaries()[0]!;
  const account = updateAccountScripting(h.core, { id: signedIn.id, access, shortName: 'work' });
  h.core.metadata.updateSettings({ scriptsEnabled: true });
  await h.core.agent.sync();
  const socket = h.core.agent.status().socketPath!;
  const tokens = () => h.core.vault.get<StoredTokens>(accountVaultId(account.id))!;
  return { h, account, socket, tokens };
}

const refreshes = () => idp.tokenRequests.filter((r) => r['grant_type'] === 'refresh_token');

describe('oidc-token against the agent socket', () => {
  it('derives the short name from the label and prints the token by it', async () => {
    const h = await createHarness();
    harnesses.push(h);
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    await signInWithBrowser(h, provider.id, 'alice');
    const account = h.core.accounts.summaries()[0]!;
    expect(account.label).toBe('alice@example.test');
    expect(account.scripting).toEqual({
      shortName: 'alice-example.test',
      access: 'never',
      gitHosts: [],
    });
    updateAccountScripting(h.core, { id: account.id, access: 'always' });
    h.core.metadata.updateSettings({ scriptsEnabled: true });
    await h.core.agent.sync();

    const result = await oidcToken(h.core.agent.status().socketPath!, ['alice-example.test']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const stored = h.core.vault.get<StoredTokens>(accountVaultId(account.id))!;
    expect(result.stdout.trim()).toBe(stored.accessToken);
  });

  it('prints issuer and expiry with -a, from the in-memory token without a provider call', async () => {
    const { socket, tokens, account } = await agentWithAccount(idp.issuer);
    const before = refreshes().length;
    const result = await oidcToken(socket, ['-a', 'work']);
    expect(result.code).toBe(0);
    const [token, issuer, expiresAt] = result.stdout.trim().split('\n');
    expect(token).toBe(tokens().accessToken);
    expect(issuer).toBe(idp.issuer);
    expect(Number(expiresAt)).toBe(Math.floor(account.expiresAt! / 1000));
    expect(refreshes().length).toBe(before);
  });

  it('-t past the token lifetime refreshes first and prints the new token', async () => {
    const { socket, tokens } = await agentWithAccount(idp.issuer);
    const old = tokens().accessToken;
    const before = refreshes().length;
    // The IdP issues one-hour tokens: two hours of validity cannot be met without a refresh.
    const result = await oidcToken(socket, ['-t', '7200', 'work']);
    expect(result.code).toBe(0);
    expect(refreshes().length).toBe(before + 1);
    const printed = result.stdout.trim();
    expect(printed).not.toBe(old);
    expect(printed).toBe(tokens().accessToken);
    // Within the lifetime the token is served as it is.
    const again = await oidcToken(socket, ['-t', '60', 'work']);
    expect(again.stdout.trim()).toBe(printed);
    expect(refreshes().length).toBe(before + 1);
  });

  it('--scope gets a narrower token by refresh and keeps the account token', async () => {
    const { socket, tokens, h, account } = await agentWithAccount(idp.issuer);
    const main = tokens().accessToken;
    const before = refreshes().length;
    const result = await oidcToken(socket, ['--scope', 'openid', 'work']);
    expect(result.code).toBe(0);
    const narrow = result.stdout.trim();
    expect(refreshes().length).toBe(before + 1);
    expect(refreshes().at(-1)?.['scope']).toBe('openid');
    expect(narrow).not.toBe(main);
    expect((await idp.provider.AccessToken.find(narrow))?.scope).toBe('openid');
    expect((await idp.provider.AccessToken.find(main))?.scope).toContain('profile');
    // The account's own token is untouched, and the rotated refresh token was kept.
    expect(tokens().accessToken).toBe(main);
    await h.core.accounts.refresh(account.id);
    // Cached per (account, scope): asking again costs no provider request.
    const count = refreshes().length;
    const again = await oidcToken(socket, ['--scope', 'openid', 'work']);
    expect(again.stdout.trim()).toBe(narrow);
    expect(refreshes().length).toBe(count);
  });

  it('a denied request prints oidc-agent’s "operation forbidden"', async () => {
    const { socket, h } = await agentWithAccount(idp.issuer, 'ask');
    const unsubscribe = h.core.events.subscribe((event, payload) => {
      if (event !== 'agent:pendingChanged') return;
      const [request] = payload as { id: string }[];
      if (request) h.core.consent.answer(request.id, 'deny');
    });
    const result = await oidcToken(socket, ['work']);
    unsubscribe();
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe('Error: operation forbidden: denied in Token Desk');
  });

  it('a locked vault prints oidc-agent’s "Agent locked"', async () => {
    const { socket, h } = await agentWithAccount(idp.issuer);
    h.core.vault.lock();
    const result = await oidcToken(socket, ['work']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe('Error: Agent locked');
  });

  it('an unknown short name and an account without script access fail differently', async () => {
    const { socket, h, account } = await agentWithAccount(idp.issuer);
    const unknown = await oidcToken(socket, ['nobody']);
    expect(unknown.stderr.trim()).toBe('Error: No account configured with that short name');
    updateAccountScripting(h.core, { id: account.id, access: 'never' });
    const off = await oidcToken(socket, ['work']);
    expect(off.stderr.trim()).toBe(
      'Error: Token Desk: scripts may not use "work"; turn on script access in its settings',
    );
    expect(off.stdout).toBe('');
  });

  it('fails with "did not receive any response" when the app does not serve scripts', async () => {
    const { socket, h } = await agentWithAccount(idp.issuer);
    h.core.metadata.updateSettings({ scriptsEnabled: false });
    await h.core.agent.sync();
    const result = await oidcToken(socket, ['work']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('did not receive any response');
  });
});
