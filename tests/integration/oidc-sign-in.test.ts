import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountVaultId, type StoredTokens } from '../../main/core/model.ts';
import { createHarness, type Harness } from '../support/core-harness.ts';
import { nativeClientInput } from '../support/oidc-provider-input.ts';
import { signInWithBrowser } from '../support/sign-in.ts';
import { startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';

let idp: TestIdp;
let h: Harness;

beforeAll(async () => {
  idp = await startOidcIdp();
});
afterAll(async () => {
  await idp.close();
});
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

function signIn(account: string, providerId: string) {
  return signInWithBrowser(h, providerId, account);
}

describe('browser sign-in through the loopback redirect', () => {
  it('adds an account with subject, scopes and absolute expiry', async () => {
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    const before = Date.now();
    const { outcome, done } = await signIn('alice', provider.id);

    expect(outcome).toMatchObject({ kind: 'loopback', status: 200 });
    expect(done.error).toBeUndefined();
    expect(done.status).toBe('succeeded');
    const [account] = h.core.accounts.summaries();
    expect(account).toMatchObject({
      label: 'alice@example.test',
      subject: 'alice',
      status: 'active',
      hasRefreshToken: true,
      hasIdToken: true,
    });
    expect(account?.scopes).toEqual(expect.arrayContaining(['openid', 'offline_access', 'email']));
    expect(account?.expiresAt).toBeGreaterThanOrEqual(before + 3600_000 - 5_000);
    expect(account?.expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);
  });

  it('sends PKCE (S256), state and nonce on the authorization request', async () => {
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    const opened = h.nextOpened();
    await h.core.signIn.start({ providerId: provider.id, method: 'authorization-code' });
    const url = new URL(await opened);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')?.length).toBeGreaterThanOrEqual(20);
    expect(url.searchParams.get('nonce')?.length).toBeGreaterThanOrEqual(20);
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(url.searchParams.get('prompt')).toBe('consent');
  });

  it('keeps several accounts per provider apart', async () => {
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    await signIn('alice', provider.id);
    await signIn('bob', provider.id);
    await signIn('alice', provider.id);
    const subjects = h.core.accounts
      .summaries()
      .map((a) => a.subject)
      .sort();
    expect(subjects).toEqual(['alice', 'bob']);
  });
});

describe('refresh', () => {
  it('rotates the refresh token and persists the new one before reporting success', async () => {
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    await signIn('alice', provider.id);
    const [account] = h.core.accounts.summaries();
    const before = h.core.vault.get<StoredTokens>(accountVaultId(account!.id))!;

    const refreshed = await h.core.accounts.refresh(account!.id);
    const after = h.core.vault.get<StoredTokens>(accountVaultId(account!.id))!;
    expect(after.refreshToken).toBeTruthy();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(refreshed.lastRefreshedAt).not.toBeNull();

    // What is on disk is what a restarted app reads.
    const reloaded = await createHarness({ dir: h.dir, keychain: h.keychain });
    expect(reloaded.core.vault.get<StoredTokens>(accountVaultId(account!.id))?.refreshToken).toBe(
      after.refreshToken,
    );
    await reloaded.close();
  });

  it('shares one provider call between concurrent refreshes of an account', async () => {
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    await signIn('alice', provider.id);
    const [account] = h.core.accounts.summaries();
    const results = await Promise.all([
      h.core.accounts.refresh(account!.id),
      h.core.accounts.refresh(account!.id),
    ]);
    expect(results[0]).toEqual(results[1]);
    // A replayed rotated refresh token would have revoked the grant; one more refresh proves it did not.
    await expect(h.core.accounts.refresh(account!.id)).resolves.toMatchObject({ status: 'active' });
  });
});
