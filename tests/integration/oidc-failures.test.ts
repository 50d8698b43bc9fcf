import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM_SCHEME } from '../../main/core/app-core.ts';
import { findSchemeUrlInArgv } from '../../main/core/flows/redirect-parser.ts';
import { accountVaultId, type StoredTokens } from '../../main/core/model.ts';
import { NATIVE_CLIENT_ID, startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { createHarness, type Harness } from '../support/core-harness.ts';
import { browse } from '../support/headless-browser.ts';
import { nativeClientInput } from '../support/oidc-provider-input.ts';
import { signInWithBrowser } from '../support/sign-in.ts';
import { startHangingServer, unusedLoopbackUrl } from '../support/slow-servers.ts';
import { waitForFlow } from '../support/wait.ts';

let idp: TestIdp;
const harnesses: Harness[] = [];

beforeAll(async () => {
  idp = await startOidcIdp();
});
afterAll(async () => {
  await idp.close();
});
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function harness(options: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  const h = await createHarness(options);
  harnesses.push(h);
  return h;
}

/** Starts a sign-in and returns the redirect the IdP sends back, without delivering it. */
async function startAndHoldRedirect(h: Harness, providerId: string, account = 'alice') {
  const opened = h.nextOpened();
  const flow = await h.core.signIn.start({ providerId, method: 'authorization-code' });
  const outcome = await browse(await opened, { account, holdLoopback: true });
  if (outcome.kind === 'loopback') throw new Error('expected the redirect to be held');
  return { flow, redirect: new URL(outcome.url) };
}

function withState(url: URL, state: string | null): string {
  const copy = new URL(url);
  if (state === null) copy.searchParams.delete('state');
  else copy.searchParams.set('state', state);
  return copy.href;
}

describe('custom-scheme redirect', () => {
  it('signs in when the OS hands the URL over in second-instance argv', async () => {
    const h = await harness();
    const provider = await h.core.providers.add(
      nativeClientInput(idp.issuer, { redirectKind: 'custom-scheme' }),
    );
    const { flow, redirect } = await startAndHoldRedirect(h, provider.id);
    expect(redirect.href.startsWith(`${CUSTOM_SCHEME}:/oauth/callback?`)).toBe(true);

    // Windows and Linux start a second instance with the URL among its arguments.
    const argv = ['/opt/Token Desk/token-desk', '--no-sandbox', redirect.href];
    h.core.redirects.receive(findSchemeUrlInArgv(argv, CUSTOM_SCHEME)!);

    expect((await waitForFlow(h.core, flow.id)).status).toBe('succeeded');
    expect(h.core.accounts.summaries()[0]?.subject).toBe('alice');
  });

  it('rejects a replayed redirect and changes nothing', async () => {
    const h = await harness();
    const provider = await h.core.providers.add(
      nativeClientInput(idp.issuer, { redirectKind: 'custom-scheme' }),
    );
    const { flow, redirect } = await startAndHoldRedirect(h, provider.id);
    expect(h.core.signIn.handleRedirectUrl(redirect.href).ok).toBe(true);
    await waitForFlow(h.core, flow.id);
    const before = h.core.accounts.summaries();

    const replay = h.core.signIn.handleRedirectUrl(redirect.href);
    expect(replay.ok).toBe(false);
    expect(!replay.ok && replay.error.message).toMatch(/already used/);
    expect(h.core.accounts.summaries()).toEqual(before);
  });

  it('tells the user when an unmatched redirect arrives through the OS', async () => {
    const h = await harness();
    h.core.redirects.receive(`${CUSTOM_SCHEME}:/oauth/callback?code=abc&state=forged`);
    expect(h.notifications).toEqual([
      {
        title: 'Sign-in response ignored',
        body: expect.stringMatching(/does not match any sign-in/) as string,
      },
    ]);
  });
});

describe('loopback redirect validation', () => {
  it('rejects a wrong state, keeps waiting, and still completes with the right one', async () => {
    const h = await harness();
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    const { flow, redirect } = await startAndHoldRedirect(h, provider.id);

    const forged = await fetch(withState(redirect, 'not-the-state'));
    expect(forged.status).toBe(400);
    expect(await forged.text()).toMatch(/does not match any sign-in/);
    expect(h.core.signIn.list().find((f) => f.id === flow.id)?.status).toBe('waiting');

    const genuine = await fetch(redirect);
    expect(genuine.status).toBe(200);
    expect((await waitForFlow(h.core, flow.id)).status).toBe('succeeded');
  });

  it('rejects a redirect without state', async () => {
    const h = await harness();
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    const { flow, redirect } = await startAndHoldRedirect(h, provider.id);
    const response = await fetch(withState(redirect, null));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/has no state/);
    expect(h.core.signIn.list().find((f) => f.id === flow.id)?.status).toBe('waiting');
  });

  it('closes the listener after one use, so a replay cannot reach it', async () => {
    const h = await harness();
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    const { flow, redirect } = await startAndHoldRedirect(h, provider.id);
    expect((await fetch(redirect)).status).toBe(200);
    await waitForFlow(h.core, flow.id);
    await expect(fetch(redirect)).rejects.toThrow(/fetch failed/);
  });
});

describe('abandoned sign-in', () => {
  it('times out with a clear message, and a late redirect is refused', async () => {
    const h = await harness({ signInTimeoutMs: 400 });
    const provider = await h.core.providers.add(
      nativeClientInput(idp.issuer, { redirectKind: 'custom-scheme' }),
    );
    const { flow, redirect } = await startAndHoldRedirect(h, provider.id);

    const done = await waitForFlow(h.core, flow.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({
      code: 'SIGN_IN_TIMEOUT',
      message: expect.stringMatching(/not completed in time/),
    });

    const late = h.core.signIn.handleRedirectUrl(redirect.href);
    expect(!late.ok && late.error.code).toBe('SIGN_IN_TIMEOUT');
    expect(h.core.accounts.summaries()).toEqual([]);
  });

  it('closes the loopback listener when the sign-in times out', async () => {
    const h = await harness({ signInTimeoutMs: 400 });
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    const { flow, redirect } = await startAndHoldRedirect(h, provider.id);
    await waitForFlow(h.core, flow.id);
    await expect(fetch(redirect)).rejects.toThrow(/fetch failed/);
  });

  it('can be cancelled from the app', async () => {
    const h = await harness();
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    const { flow, redirect } = await startAndHoldRedirect(h, provider.id);
    h.core.signIn.cancel(flow.id);
    expect((await waitForFlow(h.core, flow.id)).status).toBe('cancelled');
    await expect(fetch(redirect)).rejects.toThrow(/fetch failed/);
  });
});

describe('unreachable and slow providers', () => {
  it('reports an unreachable issuer when adding the provider', async () => {
    const h = await harness();
    const issuer = await unusedLoopbackUrl();
    await expect(h.core.providers.add(nativeClientInput(issuer))).rejects.toMatchObject({
      code: 'NETWORK',
      message: expect.stringMatching(
        /Could not load the OpenID configuration.*connection was refused/,
      ),
    });
    expect(h.core.providers.list()).toEqual([]);
  });

  it('gives up on an issuer that never answers, within the timeout', async () => {
    const h = await harness({ httpTimeoutSeconds: 1 });
    const hanging = await startHangingServer();
    try {
      await expect(h.core.providers.add(nativeClientInput(hanging.url))).rejects.toMatchObject({
        code: 'TIMEOUT',
      });
    } finally {
      await hanging.close();
    }
  });

  it('keeps the tokens when the token endpoint hangs during refresh', async () => {
    const h = await harness({ httpTimeoutSeconds: 3 });
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    await signInWithBrowser(h, provider.id, 'alice');
    const [account] = h.core.accounts.summaries();
    const before = h.core.vault.get<StoredTokens>(accountVaultId(account!.id));

    // The same token endpoint (the one the tokens were issued by) now never answers.
    idp.hangTokenEndpoint(true);
    try {
      await expect(h.core.accounts.refresh(account!.id)).rejects.toMatchObject({ code: 'TIMEOUT' });
    } finally {
      idp.hangTokenEndpoint(false);
    }
    expect(h.core.vault.get<StoredTokens>(accountVaultId(account!.id))).toEqual(before);
    expect(h.core.accounts.summaries()[0]?.status).toBe('active');
  });
});

describe('invalid_grant on refresh', () => {
  it('flags the account "sign in again" and keeps its tokens until the user removes it', async () => {
    const h = await harness();
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    await signInWithBrowser(h, provider.id, 'alice');
    const [account] = h.core.accounts.summaries();
    const tokens = h.core.vault.get<StoredTokens>(accountVaultId(account!.id))!;

    // The user revokes the app's access at the provider (outside this app).
    const revoked = await fetch(`${idp.issuer}/token/revocation`, {
      method: 'POST',
      body: new URLSearchParams({ token: tokens.refreshToken!, client_id: NATIVE_CLIENT_ID }),
    });
    expect(revoked.status).toBe(200);

    await expect(h.core.accounts.refresh(account!.id)).rejects.toMatchObject({
      code: 'REAUTH_REQUIRED',
      providerMessage: expect.stringContaining('invalid_grant') as string,
    });
    const [flagged] = h.core.accounts.summaries();
    expect(flagged?.status).toBe('reauth-required');
    expect(flagged?.statusMessage).toMatch(/Sign in again/);
    expect(h.core.vault.get<StoredTokens>(accountVaultId(account!.id))).toEqual(tokens);

    // Signing in again repairs the same account instead of adding another.
    await signInWithBrowser(h, provider.id, 'alice', { accountId: account!.id });
    expect(h.core.accounts.summaries()).toMatchObject([{ id: account!.id, status: 'active' }]);
  });

  it('bug: signing in again as someone else adds that account instead of overwriting', async () => {
    const h = await harness();
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    await signInWithBrowser(h, provider.id, 'alice');
    const [alice] = h.core.accounts.summaries();
    await signInWithBrowser(h, provider.id, 'bob', { accountId: alice!.id });
    const accounts = h.core.accounts.summaries();
    expect(accounts.map((a) => a.subject).sort()).toEqual(['alice', 'bob']);
    expect(accounts.find((a) => a.id === alice!.id)?.label).toBe('alice@example.test');
  });
});

describe('locked vault', () => {
  it('refuses to start a sign-in whose tokens could not be stored', async () => {
    const h = await harness({ vault: { passphrase: 'correct horse battery' } });
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    h.core.vault.lock();
    await expect(
      h.core.signIn.start({ providerId: provider.id, method: 'authorization-code' }),
    ).rejects.toMatchObject({
      code: 'VAULT_LOCKED',
    });
    expect(h.opened).toEqual([]);
  });
});
