import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Inspection, InspectionSection } from '../../contract/domain.ts';
import { accountVaultId, providerVaultId, type StoredTokens } from '../../main/core/model.ts';
import { CONFIDENTIAL_CLIENT_SECRET, startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { createHarness, type Harness } from '../support/core-harness.ts';
import { confidentialClientInput, nativeClientInput } from '../support/oidc-provider-input.ts';
import { signInWithBrowser } from '../support/sign-in.ts';

let idp: TestIdp;
let shortLivedIdp: TestIdp;
const harnesses: Harness[] = [];

beforeAll(async () => {
  idp = await startOidcIdp();
  // Access tokens that live 31 s: inside the app's "refresh before copying" and background margins.
  // Refreshed in the background a quarter of its life before expiry: 3 s after sign-in.
  shortLivedIdp = await startOidcIdp({ accessTokenTtl: 4 });
});
afterAll(async () => {
  await Promise.all([idp.close(), shortLivedIdp.close()]);
});
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function signedIn(issuer = idp.issuer, input = nativeClientInput(issuer)) {
  const h = await createHarness();
  harnesses.push(h);
  const provider = await h.core.providers.add(input);
  await signInWithBrowser(h, provider.id, 'alice');
  const account = h.core.accounts.summaries()[0]!;
  const tokens = () => h.core.vault.get<StoredTokens>(accountVaultId(account.id))!;
  return { h, provider, account, tokens };
}

function section(inspection: Inspection, id: string): InspectionSection | undefined {
  return inspection.sections.find((s) => s.id === id);
}

function claim(s: InspectionSection | undefined, name: string): unknown {
  return s?.claims?.find((c) => c.name === name)?.value;
}

describe('inspect', () => {
  it('shows decoded ID token claims with times, userinfo and active introspection', async () => {
    const { h, account } = await signedIn();
    const inspection = await h.core.accounts.inspect(account.id);

    const idToken = section(inspection, 'id-token');
    expect(claim(idToken, 'sub')).toBe('alice');
    expect(claim(idToken, 'iss')).toBe(idp.issuer);
    const exp = idToken?.claims?.find((c) => c.name === 'exp');
    expect(exp?.time).toBe((exp?.value as number) * 1000);

    const userinfo = section(inspection, 'userinfo');
    expect(userinfo?.status).toBe('ok');
    expect(claim(userinfo, 'email')).toBe('alice@example.test');

    const introspection = section(inspection, 'introspection');
    expect(introspection?.status).toBe('ok');
    expect(claim(introspection, 'active')).toBe(true);
    expect(claim(introspection, 'sub')).toBe('alice');
  });

  it('says what a provider without introspection or userinfo cannot show', async () => {
    const h = await createHarness();
    harnesses.push(h);
    const discovered = await h.core.providers.add(nativeClientInput(idp.issuer));
    const oauthOnly = await h.core.providers.update(discovered.id, {
      ...nativeClientInput(idp.issuer),
      kind: 'oauth2',
      endpoints: {
        authorization: discovered.endpoints.authorization!,
        token: discovered.endpoints.token!,
      },
      scopes: ['offline_access', 'api:read'],
    });
    await signInWithBrowser(h, oauthOnly.id, 'alice');
    const account = h.core.accounts.summaries()[0]!;
    expect(account.actions.revoke).toMatchObject({
      available: false,
      reason: expect.stringMatching(/no revocation endpoint/),
    });

    const inspection = await h.core.accounts.inspect(account.id);
    expect(section(inspection, 'userinfo')).toMatchObject({
      status: 'unavailable',
      note: expect.stringMatching(/no UserInfo/),
    });
    expect(section(inspection, 'introspection')).toMatchObject({ status: 'unavailable' });
    expect(section(inspection, 'access-token')?.note).toMatch(/Opaque token/);
  });
});

describe('revoke', () => {
  it('revokes at the provider: introspection turns inactive and refresh stops working', async () => {
    const { h, account, tokens } = await signedIn();
    expect(account.actions.revoke).toMatchObject({
      available: true,
      note: expect.stringMatching(/refresh token and the access token/),
    });
    const before = tokens();

    const revoked = await h.core.accounts.revoke(account.id);
    expect(revoked.status).toBe('revoked');
    expect(revoked.actions.refresh.available).toBe(false);
    expect(revoked.actions.copy.available).toBe(false);

    const inspection = await h.core.accounts.inspect(account.id);
    expect(claim(section(inspection, 'introspection'), 'active')).toBe(false);
    expect(section(inspection, 'userinfo')?.status).toBe('error');

    // The refresh token is dead at the provider too.
    const refresh = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: before.refreshToken!,
        client_id: 'token-desk-native',
      }),
    });
    expect(refresh.status).toBe(400);
    expect(((await refresh.json()) as { error: string }).error).toBe('invalid_grant');
  });
});

describe('confidential clients', () => {
  it('sign in and refresh with client_secret_basic; the secret lives only in the vault', async () => {
    const { h, provider, account } = await signedIn(
      idp.issuer,
      confidentialClientInput(idp.issuer),
    );
    expect(provider.hasClientSecret).toBe(true);
    expect(JSON.stringify(h.core.providers.summaries())).not.toContain(CONFIDENTIAL_CLIENT_SECRET);
    expect(h.core.vault.get(providerVaultId(provider.id))).toEqual({
      clientSecret: CONFIDENTIAL_CLIENT_SECRET,
    });
    await expect(h.core.accounts.refresh(account.id)).resolves.toMatchObject({ status: 'active' });
  });

  it('reports a wrong client secret as a configuration problem, keeping the tokens', async () => {
    const { h, provider, account, tokens } = await signedIn(
      idp.issuer,
      confidentialClientInput(idp.issuer),
    );
    const before = tokens();
    await h.core.providers.update(
      provider.id,
      confidentialClientInput(idp.issuer, { clientSecret: 'wrong-secret' }),
    );
    const failure = h.core.accounts.refresh(account.id);
    await expect(failure).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      message: expect.stringMatching(/client secret/),
    });
    await expect(failure).rejects.not.toMatchObject({
      message: expect.stringContaining('wrong-secret'),
    });
    expect(tokens()).toEqual(before);
    expect(h.core.accounts.summaries()[0]?.status).toBe('active');
  });
});

describe('fresh tokens', () => {
  it('refreshes before copying a token that is about to expire', async () => {
    const { h, account, tokens } = await signedIn(shortLivedIdp.issuer);
    const stale = tokens().accessToken;
    const { clearsAt } = await h.core.clipboard.copySecret(
      await h.core.accounts.freshToken(account.id, 'access'),
    );
    expect(h.clipboard.text).toBe(tokens().accessToken);
    expect(h.clipboard.text).not.toBe(stale);
    expect(clearsAt).toBeGreaterThan(Date.now());
  });

  it('refreshes in the background shortly before expiry', async () => {
    const { h, account } = await signedIn(shortLivedIdp.issuer);
    expect(account.lastRefreshedAt).toBeNull();
    await expect
      .poll(() => h.core.accounts.summaries()[0]?.lastRefreshedAt, {
        timeout: 10_000,
        interval: 100,
      })
      .not.toBeNull();
    expect(h.core.accounts.summaries()[0]?.expiresAt).toBeGreaterThan(account.expiresAt!);
  });
});

describe('remove', () => {
  it('deletes the tokens from the vault and the account from the list', async () => {
    const { h, account } = await signedIn();
    await h.core.accounts.remove(account.id);
    expect(h.core.accounts.summaries()).toEqual([]);
    expect(h.core.vault.has(accountVaultId(account.id))).toBe(false);
  });
});
