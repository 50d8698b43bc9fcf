import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { providerCredentialsVaultId, type ProviderCredentials } from '../../../main/core/model.ts';
import { startStrictIdp, type StrictIdp } from '../../servers/strict-idp.ts';
import { createTestCa, type TestCa } from '../../servers/test-pki.ts';
import type { Harness } from '../../support/core-harness.ts';
import { claim, failure, section, signIn, strictHarness, strictInput } from './strict-harness.ts';

let ca: TestCa;
let idp: StrictIdp;
const harnesses: Harness[] = [];

beforeAll(async () => {
  ca = await createTestCa();
  idp = await startStrictIdp({ ca });
});
afterAll(() => idp.close());
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function harness(): Promise<Harness> {
  const h = await strictHarness();
  harnesses.push(h);
  return h;
}

/** What a user does: add the provider, copy the JWKS shown, register it, enter the client ID. */
async function registeredProvider(h: Harness, clientKey?: { importKey: string }) {
  const added = await h.core.providers.add(
    strictInput(idp, ca, { clientAuth: 'private_key_jwt', ...(clientKey ? { clientKey } : {}) }),
  );
  const jwks = JSON.parse(added.clientJwks!) as { keys: Record<string, unknown>[] };
  expect(jwks.keys).toHaveLength(1);
  expect(jwks.keys[0]).not.toHaveProperty('d');
  const clientId = await idp.register({
    token_endpoint_auth_method: 'private_key_jwt',
    jwks,
  });
  const provider = await h.core.providers.update(added.id, {
    ...strictInput(idp, ca, { clientAuth: 'private_key_jwt' }),
    clientId,
  });
  expect(provider.clientJwks).toBe(added.clientJwks);
  return provider;
}

describe('private_key_jwt', () => {
  it('a generated key: sign-in, refresh, introspect and revoke, each signed with an assertion', async () => {
    const h = await harness();
    const provider = await registeredProvider(h);
    // The private key is in the vault, not in the summary or the metadata.
    const stored = h.core.vault.get<ProviderCredentials>(providerCredentialsVaultId(provider.id));
    expect(stored?.clientPrivateJwk?.d).toBeTruthy();
    expect(JSON.stringify(provider)).not.toContain(String(stored?.clientPrivateJwk?.d));

    expect((await signIn(h, idp, provider.id, 'gina')).status).toBe('succeeded');
    const [account] = h.core.accounts.summaries();
    const refreshed = await h.core.accounts.refresh(account!.id);
    expect(refreshed.status).toBe('active');

    const inspection = await h.core.accounts.inspect(account!.id);
    expect(claim(section(inspection, 'introspection'), 'active')).toBe(true);
    expect(claim(section(inspection, 'introspection'), 'client_id')).toBe(provider.clientId);

    expect((await h.core.accounts.revoke(account!.id)).status).toBe('revoked');
    const after = await h.core.accounts.inspect(account!.id);
    expect(claim(section(after, 'introspection'), 'active')).toBe(false);
  });

  it('an imported PEM key (RSA) works the same', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const h = await harness();
    const provider = await registeredProvider(h, { importKey: pem });
    const jwks = JSON.parse(provider.clientJwks!) as { keys: unknown[] };
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    expect((await signIn(h, idp, provider.id, 'hank')).status).toBe('succeeded');
  });

  it('a key the provider does not know: its error is shown, and nothing else is lost', async () => {
    const h = await harness();
    const provider = await registeredProvider(h);
    expect((await signIn(h, idp, provider.id, 'ivy')).status).toBe('succeeded');
    const [account] = h.core.accounts.summaries();

    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    await h.core.providers.update(provider.id, {
      ...strictInput(idp, ca, { clientAuth: 'private_key_jwt' }),
      clientId: provider.clientId,
      clientKey: { importKey: other.export({ type: 'pkcs8', format: 'pem' }).toString() },
    });
    const error = await failure(h.core.accounts.refresh(account!.id));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(error.message).toContain('rejected the client credentials');
    expect(error.providerMessage).toMatch(/^invalid_client/);
    expect(h.core.accounts.summaries()).toHaveLength(1);
  });

  it('refuses a pasted text that is not a private key', async () => {
    const h = await harness();
    const error = await failure(
      h.core.providers.add(
        strictInput(idp, ca, {
          clientAuth: 'private_key_jwt',
          clientKey: { importKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' },
        }),
      ),
    );
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('not a private key');
  });
});
