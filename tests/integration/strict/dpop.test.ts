import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { fetch as undiciFetch } from 'undici';
import { updateAccountScripting } from '../../../main/core/agent/account-scripting.ts';
import { run } from '../../support/agent-client.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importKeyPair } from '../../../main/core/client-auth/client-keys.ts';
import { accountVaultId, type StoredTokens } from '../../../main/core/model.ts';
import { DPOP_CLIENT_ID, startStrictIdp, type StrictIdp } from '../../servers/strict-idp.ts';
import { createTestCa, type TestCa } from '../../servers/test-pki.ts';
import type { Harness } from '../../support/core-harness.ts';
import { claim, failure, section, signIn, strictHarness, strictInput } from './strict-harness.ts';

let ca: TestCa;
let idp: StrictIdp;
const harnesses: Harness[] = [];

beforeAll(async () => {
  ca = await createTestCa();
  // Every proof must carry a nonce the server issued (RFC 9449 §8).
  idp = await startStrictIdp({ ca, requireDpopNonce: true });
});
afterAll(() => idp.close());
afterEach(async () => {
  idp.tokenRequests.length = 0;
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function signedIn(user: string) {
  const h = await strictHarness();
  harnesses.push(h);
  const provider = await h.core.providers.add(
    strictInput(idp, ca, { clientId: DPOP_CLIENT_ID, dpop: true }),
  );
  expect(provider.dpop).toBe(true);
  expect((await signIn(h, idp, provider.id, user)).status).toBe('succeeded');
  const account = h.core.accounts.summaries()[0]!;
  const tokens = () => h.core.vault.get<StoredTokens>(accountVaultId(account.id))!;
  return { h, provider, account, tokens };
}

describe('DPoP (RFC 9449) with server nonces', () => {
  it('binds the tokens to a key kept per account: sign-in and refresh carry proofs', async () => {
    const { h, account, tokens } = await signedIn('mia');
    expect(account.tokenBinding).toBe('dpop');
    const key = tokens().dpopKey!;
    expect(key.privateJwk.d).toBeTruthy();
    expect(tokens().tokenType.toLowerCase()).toBe('dpop');

    const refreshed = await h.core.accounts.refresh(account.id);
    expect(refreshed.status).toBe('active');
    expect(refreshed.tokenBinding).toBe('dpop');
    expect(tokens().dpopKey).toEqual(key);
    // Every token request carried a proof. The server asked for a nonce once; the app answered
    // it and remembered it, so the refresh carried the right one from the start.
    expect(idp.tokenRequests.map((r) => [r.grantType, r.error ?? 'ok'])).toEqual([
      ['authorization_code', 'use_dpop_nonce'],
      ['authorization_code', 'ok'],
      ['refresh_token', 'ok'],
    ]);
    expect(idp.tokenRequests.every((r) => r.dpop)).toBe(true);

    // A second account has its own key.
    const other = await signIn(h, idp, account.providerId, 'noah');
    expect(other.status).toBe('succeeded');
    const second = h.core.accounts.summaries().find((a) => a.id !== account.id)!;
    const secondKey = h.core.vault.get<StoredTokens>(accountVaultId(second.id))!.dpopKey!;
    expect(secondKey.publicJwk.kid).not.toBe(key.publicJwk.kid);
  });

  it('Inspect flags the token as DPoP-bound with cnf.jkt; userinfo is called with a proof', async () => {
    const { h, account, tokens } = await signedIn('olga');
    const inspection = await h.core.accounts.inspect(account.id);
    const binding = section(inspection, 'token-binding');
    expect(binding?.title).toBe('Sender-constrained token');
    expect(claim(binding, 'cnf.jkt')).toBe(tokens().dpopKey!.publicJwk.kid);
    expect(claim(binding, 'DPoP-bound')).toMatch(/token alone is not enough/);
    expect(claim(section(inspection, 'introspection'), 'cnf')).toEqual({
      jkt: tokens().dpopKey!.publicJwk.kid,
    });
    expect(section(inspection, 'userinfo')?.status).toBe('ok');
  });

  it('scripts: token-desk prints the token with a fresh proof for the method and URL asked, which the provider accepts', async () => {
    const { h, account } = await signedIn('sam');
    updateAccountScripting(h.core, { id: account.id, access: 'always', shortName: 'work' });
    h.core.metadata.updateSettings({ scriptsEnabled: true });
    await h.core.agent.sync();
    const socket = h.core.agent.status().socketPath!;
    const userinfo = `${idp.issuer}/me`;
    const bin = join(import.meta.dirname, '../../../bin/token-desk.js');
    const result = await run(
      process.execPath,
      [bin, 'token', 'work', '--format', 'header', '--dpop-url', userinfo, '--dpop-method', 'GET'],
      { OIDC_SOCK: socket },
    );
    expect(result.code).toBe(0);
    const [authorization, proof] = result.stdout.trim().split('\n');
    expect(authorization).toMatch(/^Authorization: DPoP \S+$/);
    expect(proof).toMatch(/^DPoP: [\w-]+\.[\w-]+\.[\w-]+$/);

    // What the script then does with it: the provider accepts the token with that proof…
    const headers = {
      authorization: authorization!.replace(/^Authorization: /, ''),
      dpop: proof!.replace(/^DPoP: /, ''),
    };
    const ok = await undiciFetch(userinfo, { headers, dispatcher: idp.browserAgent });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { sub: string }).sub).toBe('sam');
    // …and refuses the token alone, which is why Copy warns.
    const alone = await undiciFetch(userinfo, {
      headers: { authorization: headers.authorization },
      dispatcher: idp.browserAgent,
    });
    expect([400, 401]).toContain(alone.status);
  });

  it('a proof from the app for a method and URL (copy as curl)', async () => {
    const { h, account } = await signedIn('tia');
    const proof = await h.core.accounts.dpopProof(
      account.id,
      'POST',
      'https://api.example.test/items?x=1',
    );
    const [, payload] = proof.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ htm: 'POST', htu: 'https://api.example.test/items' });
    expect(claims['ath']).toBeTruthy();
    const error = await failure(h.core.accounts.dpopProof(account.id, 'GET', 'not a url'));
    expect(error.code).toBe('INVALID_INPUT');
  });

  it('revokes a DPoP-bound grant', async () => {
    const { h, account } = await signedIn('pia');
    expect((await h.core.accounts.revoke(account.id)).status).toBe('revoked');
    const after = await h.core.accounts.inspect(account.id);
    expect(claim(section(after, 'introspection'), 'active')).toBe(false);
  });

  it('a proof signed with another key: the provider’s refusal is shown, the tokens stay', async () => {
    const { h, account, tokens } = await signedIn('quinn');
    const before = tokens();
    const stranger = await importKeyPair(
      generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
    );
    await h.core.vault.put(
      accountVaultId(account.id),
      { ...before, dpopKey: stranger },
      h.core.vault.bindingOf(accountVaultId(account.id)) ?? null,
    );

    const error = await failure(h.core.accounts.refresh(account.id));
    expect(error.code).toBe('REAUTH_REQUIRED');
    expect(error.providerMessage).toMatch(/^invalid_grant/);
    expect(tokens().refreshToken).toBe(before.refreshToken);
  });

  it('a provider that requires DPoP, with DPoP off: its error is shown', async () => {
    const h = await strictHarness();
    harnesses.push(h);
    const provider = await h.core.providers.add(
      strictInput(idp, ca, { clientId: DPOP_CLIENT_ID, dpop: false }),
    );
    const done = await signIn(h, idp, provider.id, 'rae');
    expect(done.status).toBe('failed');
    expect(done.error?.providerMessage).toMatch(/^invalid_grant/);
    expect(idp.tokenRequests.map((r) => r.dpop)).toEqual([false]);
  });
});
