import { afterEach, describe, expect, it } from 'vitest';
import { startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { startPiServer, PI_DEFAULT_UID, type PiServer } from '../servers/pi-server.ts';
import { BACKGROUND_BUDGET, expectWithinBudget } from '../servers/request-budget.ts';
import { createHarness, type Harness } from '../support/core-harness.ts';
import { nativeClientInput } from '../support/oidc-provider-input.ts';
import { signInWithBrowser } from '../support/sign-in.ts';

/**
 * What the providers see from the background scheduler over a few seconds of real time, counted
 * at the servers. Before the scheduler had a floor, a Pi token 30 s from its expiry was verified
 * about 230 times a second and a short-lived OIDC token refreshed about 180 times a second.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(): Promise<Harness> {
  const h = await createHarness({ httpTimeoutSeconds: 3 });
  cleanups.push(() => h.close());
  return h;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('background traffic seen by the provider', () => {
  it('bug: a Pi token close to its expiry is verified once, and the user is told', async () => {
    const pi: PiServer = await startPiServer();
    cleanups.push(() => pi.close());
    const h = await harness();
    const provider = await h.core.providers.add({
      kind: 'pi',
      name: 'Pi Network',
      baseUrl: pi.baseUrl,
      clientId: '',
      clientAuth: 'none',
      scopes: [],
      authParams: {},
      redirectKind: 'loopback',
    });
    // Six seconds left: well within the old 30 s lead, so the old scheduler looped at once.
    const token = pi.issueToken({ validUntil: Date.now() + 6_000 });
    await h.core.signIn.start({ providerId: provider.id, method: 'token-import', token });
    const imported = Date.now();

    // Past the expiry: one check is due about 1.5 s before it.
    await sleep(7_000);

    const calls = pi.ledger.entries.filter((e) => e.path === '/v2/me' && e.at >= imported);
    expect(calls.map((e) => e.account)).toEqual([`user:${PI_DEFAULT_UID}`]);
    expectWithinBudget(pi.ledger, { max: 1, perMs: 60_000, since: imported });
    expect(h.notifications.map((n) => n.title)).toEqual([expect.stringMatching(/expires soon/)]);
    expect(h.notifications[0]!.body).toMatch(/cannot be renewed from this app.*Import a new token/);
  }, 20_000);

  it('bug: a 4 s OIDC token is refreshed once per lifetime at most, not continuously', async () => {
    const idp: TestIdp = await startOidcIdp({ accessTokenTtl: 4 });
    cleanups.push(() => idp.close());
    const h = await harness();
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    await signInWithBrowser(h, provider.id, 'alice');
    const signedIn = Date.now();
    const account = h.core.accounts.summaries()[0]!;

    // Due a quarter of the lifetime before expiry (~3 s), then not again within the 15 s floor.
    await expect
      .poll(() => h.core.accounts.summaries()[0]?.lastRefreshedAt, { timeout: 6_000 })
      .not.toBeNull();
    await sleep(4_000);

    const refreshes = idp.tokenRequests.filter((r) => r['grant_type'] === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    expectWithinBudget(idp.ledger, { ...BACKGROUND_BUDGET, since: signedIn });
    expect(idp.ledger.countsByAccount(signedIn).get('user:alice')).toBe(1);
    expect(h.core.accounts.summaries()[0]!.expiresAt).toBeGreaterThan(account.expiresAt!);
  }, 20_000);
});
