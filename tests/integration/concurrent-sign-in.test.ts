import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOidcIdp, testPassword, type TestIdp } from '../servers/oidc-idp.ts';
import { createHarness, type Harness } from '../support/core-harness.ts';
import { confidentialClientInput } from '../support/oidc-provider-input.ts';

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

describe('bug: two sign-ins of one user completing together create two accounts', () => {
  it('a password sign-in submitted twice at once leaves one account', async () => {
    h = await createHarness();
    const provider = await h.core.providers.add(confidentialClientInput(idp.issuer));
    const signIn = () =>
      h.core.signIn.start({
        providerId: provider.id,
        method: 'password',
        username: 'dora',
        password: testPassword('dora'),
      });
    const flows = await Promise.all([signIn(), signIn(), signIn()]);
    expect(flows.map((f) => f.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const accounts = h.core.accounts.summaries();
    expect(accounts.map((a) => a.subject)).toEqual(['dora']);
    expect(new Set(flows.map((f) => f.accountId))).toEqual(new Set([accounts[0]!.id]));
  });

  it('two completions saved at the same moment become one account with the later tokens', async () => {
    h = await createHarness();
    const summary = await h.core.providers.add(confidentialClientInput(idp.issuer));
    const provider = h.core.providers.get(summary.id);
    const grant = (accessToken: string) => ({
      tokens: { accessToken, tokenType: 'Bearer' },
      expiresAt: Date.now() + 3600_000,
      scopes: null,
      subject: 'erin',
      label: 'erin@example.test',
    });
    const [first, second] = await Promise.all([
      h.core.accounts.saveSignIn(provider, grant('first'), 'authorization-code'),
      h.core.accounts.saveSignIn(provider, grant('second'), 'authorization-code'),
    ]);
    expect(second.id).toBe(first.id);
    expect(h.core.accounts.summaries()).toHaveLength(1);
    expect(h.core.accounts.revealToken(first.id, 'access')).toBe('second');
  });
});
