import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { createHarness, type Harness } from '../support/core-harness.ts';
import { nativeClientInput } from '../support/oidc-provider-input.ts';
import { signInWithBrowser } from '../support/sign-in.ts';

/**
 * openid-client v6 checks an ID token's claims but not its signature (only after
 * enableNonRepudiationChecks); the app checks it against the provider's published keys.
 */

let idp: TestIdp;
let h: Harness;

beforeAll(async () => {
  idp = await startOidcIdp();
});
afterAll(async () => {
  await idp.close();
});
afterEach(async () => {
  await h.close();
});

async function withProvider(issuer = idp.issuer) {
  h = await createHarness();
  return h.core.providers.add(nativeClientInput(issuer));
}

const jwksFetches = (server = idp) =>
  server.ledger.entries.filter((e) => e.path === '/jwks').length;

describe('bug: ID token signatures were never checked', () => {
  it('refuses a sign-in whose ID token was altered after signing, and saves nothing', async () => {
    const provider = await withProvider();
    idp.spoilNextIdToken('tampered');
    const { done } = await signInWithBrowser(h, provider.id, 'alice');
    expect(done).toMatchObject({
      status: 'failed',
      error: {
        code: 'INVALID_RESPONSE',
        message: expect.stringMatching(/ID token .* signature does not match/),
      },
    });
    expect(h.core.accounts.summaries()).toEqual([]);
  });

  it('refuses an ID token signed with a key the provider does not publish, refetching the keys once', async () => {
    const provider = await withProvider();
    await signInWithBrowser(h, provider.id, 'alice');
    const before = jwksFetches();

    idp.spoilNextIdToken('foreign-key');
    const { done } = await signInWithBrowser(h, provider.id, 'bob');
    expect(done).toMatchObject({
      status: 'failed',
      error: { code: 'INVALID_RESPONSE', message: expect.stringMatching(/"not-published"/) },
    });
    // One new download to look for the key (the provider may have rotated), no more.
    expect(jwksFetches()).toBe(before + 1);

    idp.spoilNextIdToken('foreign-key');
    const again = await signInWithBrowser(h, provider.id, 'bob');
    expect(again.done.status).toBe('failed');
    expect(jwksFetches()).toBe(before + 1);
    expect(h.core.accounts.summaries().map((a) => a.subject)).toEqual(['alice']);
  });

  it('follows a key rotation: an unknown kid makes it download the keys once more', async () => {
    // Its own IdP: the rotation must not leak into the other tests.
    const rotating = await startOidcIdp();
    onTestFinished(() => rotating.close());
    const provider = await withProvider(rotating.issuer);
    await signInWithBrowser(h, provider.id, 'alice');
    const before = jwksFetches(rotating);
    expect(before).toBeGreaterThanOrEqual(1);

    // Keys are kept: a second sign-in does not download them again.
    await signInWithBrowser(h, provider.id, 'carol');
    expect(jwksFetches(rotating)).toBe(before);

    await rotating.rotateSigningKey();
    const { done } = await signInWithBrowser(h, provider.id, 'dave');
    expect(done.status).toBe('succeeded');
    expect(jwksFetches(rotating)).toBe(before + 1);
    // A refresh returns an ID token with the new key too: no further download.
    const dave = h.core.accounts.summaries().find((a) => a.subject === 'dave')!;
    await h.core.accounts.refresh(dave.id);
    expect(jwksFetches(rotating)).toBe(before + 1);
  });

  it('the inspect view says what was verified: algorithm, key and where it is published', async () => {
    const provider = await withProvider();
    await signInWithBrowser(h, provider.id, 'alice');
    const [account] = h.core.accounts.summaries();
    const inspection = await h.core.accounts.inspect(account!.id);
    const section = inspection.sections.find((s) => s.id === 'id-token')!;
    expect(section.status).toBe('ok');
    expect(section.note).toBe(
      `Signature (RS256) verified just now with key "test-key" published at ${idp.issuer}/jwks. Its issuer, audience and expiry were checked when it was received (and its nonce, at sign-in); it may have expired since.`,
    );
    expect(section.note).not.toMatch(/checked when the token was received/);
  });
});
