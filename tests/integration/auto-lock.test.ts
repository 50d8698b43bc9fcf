import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIpcHandlers } from '../../main/core/ipc/handlers.ts';
import { startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { createHarness, type Harness, type HarnessOptions } from '../support/core-harness.ts';
import { confidentialClientInput } from '../support/oidc-provider-input.ts';
import { signInWithBrowser } from '../support/sign-in.ts';

/**
 * The vault locks itself on screen lock, suspend and idle time, decided in the core on its own
 * clock; the shell only forwards the OS's events. Locked, nothing secret leaves.
 */

const PASSPHRASE = 'correct horse battery staple';
const APP_URL = 'app://renderer/index.html';
let idp: TestIdp;
const harnesses: Harness[] = [];

beforeAll(async () => {
  idp = await startOidcIdp({ accessTokenTtl: 600 });
});
afterAll(async () => {
  await idp.close();
});
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

/** A core on a clock the test moves, signed in to the IdP with a confidential client. */
async function signedIn(vault: HarnessOptions['vault'] = { passphrase: PASSPHRASE }) {
  let now = Date.now();
  const h = await createHarness({ vault, now: () => now });
  harnesses.push(h);
  const provider = await h.core.providers.add(confidentialClientInput(idp.issuer));
  await signInWithBrowser(h, provider.id, 'alice');
  const account = h.core.accounts.summaries()[0]!;
  return { h, account, advance: (ms: number) => (now += ms) };
}

describe('auto-lock, passphrase vault (on by default)', () => {
  it('locks after 10 idle minutes; calls from the window count as activity, polling does not', async () => {
    const { h, account, advance } = await signedIn();
    const ipc = createIpcHandlers(h.core, { trustedSenders: ['app://renderer'], log: () => {} });
    advance(9 * 60_000);
    await ipc['accounts:rename'](APP_URL, { id: account.id, label: 'Work' });
    advance(9 * 60_000);
    await ipc['accounts:list'](APP_URL, undefined);
    h.core.autoLock.check();
    expect(h.core.vault.isUnlocked).toBe(true);
    advance(60_000);
    h.core.autoLock.check();
    expect(h.core.vault.isUnlocked).toBe(false);
    expect((await h.core.vaultStatus()).state).toBe('locked');
  });

  it.each(['lock-screen', 'suspend'] as const)('locks on %s', async (event) => {
    const { h } = await signedIn();
    h.core.autoLock.powerEvent(event);
    expect(h.core.vault.isUnlocked).toBe(false);
  });

  it('follows the idle time set by the user, and "never" turns it off', async () => {
    const { h, advance } = await signedIn();
    h.core.metadata.updateSettings({ autoLockMinutes: 2 });
    advance(2 * 60_000);
    h.core.autoLock.check();
    expect(h.core.vault.isUnlocked).toBe(false);

    await h.core.vault.unlock(PASSPHRASE);
    h.core.metadata.updateSettings({ autoLock: 'never' });
    advance(24 * 60 * 60_000);
    h.core.autoLock.check();
    h.core.autoLock.powerEvent('lock-screen');
    expect(h.core.vault.isUnlocked).toBe(true);
  });

  it('locked: cached client configurations and a copied token are gone, no token leaves, background refresh stays still', async () => {
    const { h, account, advance } = await signedIn();
    await h.core.accounts.refresh(account.id);
    expect(h.core.providers.cachedConfigurations()).toBe(1);
    await h.core.clipboard.copySecret(await h.core.accounts.freshToken(account.id, 'access'));
    expect(h.clipboard.text).not.toBe('');
    const tokenRequests = idp.tokenRequests.length;

    h.core.autoLock.powerEvent('suspend');
    expect(h.core.providers.cachedConfigurations()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(h.clipboard.text).toBe('');

    await expect(h.core.accounts.refresh(account.id)).rejects.toMatchObject({
      code: 'VAULT_LOCKED',
    });
    await expect(h.core.accounts.inspect(account.id)).rejects.toMatchObject({
      code: 'VAULT_LOCKED',
    });
    // Past the token's expiry: the scheduler would refresh now, were the vault open.
    advance(20 * 60_000);
    h.core.scheduler.reschedule();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(idp.tokenRequests.length).toBe(tokenRequests);

    // Unlocked again, background refresh resumes by itself.
    await h.core.vault.unlock(PASSPHRASE);
    await expect
      .poll(() => idp.tokenRequests.length, { timeout: 5000 })
      .toBeGreaterThan(tokenRequests);
  });
});

describe('auto-lock, keychain vault', () => {
  it('is off by default, and "always" turns it on', async () => {
    const { h, advance } = await signedIn('keychain');
    advance(60 * 60_000);
    h.core.autoLock.check();
    h.core.autoLock.powerEvent('lock-screen');
    expect(h.core.vault.isUnlocked).toBe(true);

    h.core.metadata.updateSettings({ autoLock: 'always' });
    h.core.autoLock.powerEvent('lock-screen');
    expect(h.core.vault.isUnlocked).toBe(false);
    expect(h.core.providers.cachedConfigurations()).toBe(0);
  });
});
