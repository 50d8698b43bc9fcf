import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  AccountSummary,
  ProviderEndpoints,
  ProviderInput,
  ProviderSummary,
  Result,
} from '../../contract/domain.ts';
import { sendOnlyTo } from '../../main/core/http/outbound-guard.ts';
import { createIpcHandlers, type HandlerTable } from '../../main/core/ipc/handlers.ts';
import { accountVaultId, type StoredTokens } from '../../main/core/model.ts';
import { bindingFor } from '../../main/core/secret-binding.ts';
import { CONFIDENTIAL_CLIENT_SECRET, startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { createHarness, type Harness } from '../support/core-harness.ts';
import { confidentialClientInput } from '../support/oidc-provider-input.ts';
import { secretsIn, startRecordingServer } from '../support/recording-server.ts';
import { signInWithBrowser } from '../support/sign-in.ts';

/**
 * Regression: `providers:update` with a new token endpoint (or issuer) and no client secret
 * kept the stored secret and the accounts, and the next refresh sent the refresh token and the
 * client secret to the new address; editing metadata.json on disk did the same without IPC.
 * Here a second loopback server plays the new address and must receive nothing secret.
 */

const APP_URL = 'app://renderer/index.html';
let idp: TestIdp;
let elsewhere: Awaited<ReturnType<typeof startRecordingServer>>;
let idpEndpoints: Required<Pick<ProviderEndpoints, 'authorization' | 'token'>> & ProviderEndpoints;
const harnesses: Harness[] = [];

beforeAll(async () => {
  idp = await startOidcIdp();
  const discovery = (await (
    await fetch(`${idp.issuer}/.well-known/openid-configuration`)
  ).json()) as Record<string, string>;
  idpEndpoints = {
    authorization: discovery['authorization_endpoint']!,
    token: discovery['token_endpoint']!,
    revocation: discovery['revocation_endpoint']!,
    introspection: discovery['introspection_endpoint']!,
    userinfo: discovery['userinfo_endpoint']!,
  };
});
afterAll(async () => {
  await idp.close();
});
beforeAll(async () => {
  elsewhere = await startRecordingServer();
});
afterAll(async () => {
  await elsewhere.close();
});
afterEach(async () => {
  elsewhere.requests.length = 0;
  for (const h of harnesses.splice(0)) await h.close();
});

/** The provider form for the test IdP's confidential client, endpoints typed by hand. */
function manualInput(endpoints: ProviderEndpoints = idpEndpoints): ProviderInput {
  return confidentialClientInput(idp.issuer, {
    kind: 'oauth2',
    issuer: undefined,
    endpoints,
    scopes: ['offline_access', 'api:read'],
  });
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

interface SignedIn {
  h: Harness;
  ipc: HandlerTable;
  provider: ProviderSummary;
  account: AccountSummary;
  tokens: StoredTokens;
}

async function signedIn(dir?: string): Promise<SignedIn> {
  const h = await createHarness(dir ? { dir } : {});
  harnesses.push(h);
  const ipc = createIpcHandlers(h.core, { trustedSenders: ['app://renderer'], log: () => {} });
  const provider = unwrap(await ipc['providers:add'](APP_URL, manualInput()));
  await signInWithBrowser(h, provider.id, 'alice');
  const account = unwrap(await ipc['accounts:list'](APP_URL, undefined))[0]!;
  const tokens = h.core.vault.get<StoredTokens>(accountVaultId(account.id))!;
  expect(tokens.refreshToken).toBeTruthy();
  return { h, ipc, provider, account, tokens };
}

/**
 * Everything a user (or a compromised renderer) can make the app send with the stored tokens
 * (refresh, revoke, inspect; copy refreshes a token about to expire) and, unless the caller
 * typed a secret for the new address, with the stored client secret (a client credentials
 * sign-in). Returns the results of refresh, revoke and inspect.
 */
async function tryEverything(
  { h, ipc, account }: Pick<SignedIn, 'h' | 'ipc' | 'account'>,
  withStoredSecret = true,
): Promise<Result<unknown>[]> {
  const results: Result<unknown>[] = [];
  for (const channel of ['accounts:refresh', 'accounts:revoke', 'accounts:inspect'] as const) {
    results.push(await ipc[channel](APP_URL, { id: account.id }));
  }
  await ipc['accounts:copyToken'](APP_URL, { id: account.id, kind: 'access' });
  if (withStoredSecret) {
    await ipc['signIn:start'](APP_URL, {
      providerId: account.providerId,
      method: 'client-credentials',
    });
  }
  // A script asking for a narrower token (a refresh with scope) must not send them either.
  await h.core.accounts.narrowedToken(account.id, { scopes: ['api:read'] }).catch(() => undefined);
  // Background refresh gets its chance too.
  h.core.scheduler.reschedule();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return results;
}

function expectNothingSecretElsewhere(tokens: StoredTokens): void {
  const secrets = [tokens.refreshToken!, tokens.accessToken, CONFIDENTIAL_CLIENT_SECRET];
  for (const request of elsewhere.requests) {
    expect(secretsIn(request, secrets), `${request.method} ${request.url}`).toEqual([]);
  }
}

const ENDPOINTS = ['token', 'revocation', 'introspection', 'userinfo'] as const;

describe('bug: re-pointing an endpoint through providers:update sent the refresh token and client secret there', () => {
  it.each(ENDPOINTS)(
    'the %s endpoint: without a secret the change is refused and the stored one stays put',
    async (endpoint) => {
      const s = await signedIn();
      const moved = manualInput({ ...idpEndpoints, [endpoint]: `${elsewhere.url}/${endpoint}` });
      delete moved.clientSecret;
      const result = await s.ipc['providers:update'](APP_URL, {
        id: s.provider.id,
        changes: moved,
      });
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: expect.stringMatching(/client secret again/) },
      });
      expect(s.h.core.providers.get(s.provider.id).endpoints).toEqual(s.provider.endpoints);
      expect(elsewhere.requests).toEqual([]);
      // Nothing moved, so the account still works where it was issued.
      expect(unwrap(await s.ipc['accounts:refresh'](APP_URL, { id: s.account.id })).status).toBe(
        'active',
      );
    },
  );

  it.each(
    ENDPOINTS.flatMap((endpoint) =>
      ['a-new-secret-typed-by-whoever-0123456789', CONFIDENTIAL_CLIENT_SECRET].map((secret) => ({
        endpoint,
        secret,
        which: secret === CONFIDENTIAL_CLIENT_SECRET ? 'the real secret' : 'a new secret',
      })),
    ),
  )(
    'the $endpoint endpoint with $which: accounts need a new sign-in, nothing is sent there',
    async ({ endpoint, secret }) => {
      const s = await signedIn();
      const moved = manualInput({ ...idpEndpoints, [endpoint]: `${elsewhere.url}/${endpoint}` });
      moved.clientSecret = secret;
      unwrap(await s.ipc['providers:update'](APP_URL, { id: s.provider.id, changes: moved }));

      const [account] = unwrap(await s.ipc['accounts:list'](APP_URL, undefined));
      expect(account).toMatchObject({
        status: 'reauth-required',
        statusMessage: expect.stringMatching(/Sign in again/),
      });
      // A sign-in now would rightly use the secret the caller typed for the new address.
      const results = await tryEverything(s, false);
      for (const result of results) {
        expect(result).toMatchObject({ ok: false, error: { code: 'REAUTH_REQUIRED' } });
      }
      expectNothingSecretElsewhere(s.tokens);
      // Not one request went to the new address.
      expect(elsewhere.requests).toEqual([]);
      // The tokens are kept, bound where they were issued: moving back makes them usable again.
      expect(s.h.core.vault.get(accountVaultId(s.account.id))).toEqual(s.tokens);
    },
  );

  it('a new issuer (OpenID discovery) likewise: accounts flagged, nothing sent', async () => {
    const h = await createHarness();
    harnesses.push(h);
    const ipc = createIpcHandlers(h.core, { trustedSenders: ['app://renderer'], log: () => {} });
    const provider = unwrap(
      await ipc['providers:add'](APP_URL, confidentialClientInput(idp.issuer)),
    );
    await signInWithBrowser(h, provider.id, 'alice');
    const account = unwrap(await ipc['accounts:list'](APP_URL, undefined))[0]!;
    const tokens = h.core.vault.get<StoredTokens>(accountVaultId(account.id))!;

    const moved = confidentialClientInput(elsewhere.url);
    delete moved.clientSecret;
    expect(
      await ipc['providers:update'](APP_URL, { id: provider.id, changes: moved }),
    ).toMatchObject({ ok: false, error: { message: expect.stringMatching(/issuer changed/) } });
    moved.clientSecret = CONFIDENTIAL_CLIENT_SECRET;
    unwrap(await ipc['providers:update'](APP_URL, { id: provider.id, changes: moved }));
    expect(unwrap(await ipc['accounts:list'](APP_URL, undefined))[0]?.status).toBe(
      'reauth-required',
    );
    const results = await tryEverything({ h, ipc, account }, false);
    for (const result of results) {
      expect(result).toMatchObject({ ok: false, error: { code: 'REAUTH_REQUIRED' } });
    }
    expectNothingSecretElsewhere(tokens);
    // Only the discovery document was fetched there, when the user saved the change.
    expect(elsewhere.requests.length).toBeGreaterThan(0);
    for (const request of elsewhere.requests) {
      expect(request.url).toBe('/.well-known/openid-configuration');
    }
  });
});

describe('re-pointing an endpoint by editing metadata.json on disk', () => {
  async function editMetadata(dir: string, endpoint: (typeof ENDPOINTS)[number]): Promise<void> {
    const path = join(dir, 'metadata.json');
    const json = JSON.parse(await readFile(path, 'utf8')) as {
      providers: { endpoints: Record<string, string> }[];
    };
    json.providers[0]!.endpoints[endpoint] = `${elsewhere.url}/${endpoint}`;
    await writeFile(path, JSON.stringify(json));
  }

  it.each(ENDPOINTS)('the %s endpoint, while the app runs', async (endpoint) => {
    const s = await signedIn();
    // Warm the cached client configuration first: an edit must not be served from it either.
    unwrap(await s.ipc['accounts:refresh'](APP_URL, { id: s.account.id }));
    const tokens = s.h.core.vault.get<StoredTokens>(accountVaultId(s.account.id))!;
    await editMetadata(s.h.dir, endpoint);

    const [account] = unwrap(await s.ipc['accounts:list'](APP_URL, undefined));
    expect(account?.status).toBe('reauth-required');
    const [provider] = unwrap(await s.ipc['providers:list'](APP_URL, undefined));
    expect(provider?.clientSecretProblem).toMatch(/enter the client secret again/);
    await tryEverything(s);
    expectNothingSecretElsewhere(tokens);
    expectNothingSecretElsewhere(s.tokens);
  });

  it.each(ENDPOINTS)('the %s endpoint, before a restart', async (endpoint) => {
    const first = await signedIn();
    const dir = first.h.dir;
    first.h.core.dispose();
    await editMetadata(dir, endpoint);

    const h = await createHarness({ dir, keychain: first.h.keychain });
    harnesses.push(h);
    const ipc = createIpcHandlers(h.core, { trustedSenders: ['app://renderer'], log: () => {} });
    const [account] = unwrap(await ipc['accounts:list'](APP_URL, undefined));
    expect(account?.status).toBe('reauth-required');
    await tryEverything({ ...first, h, ipc });
    expectNothingSecretElsewhere(first.tokens);
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('the check where requests leave', () => {
  it('refuses even an adapter called directly with a moved configuration: nothing is sent', async () => {
    const s = await signedIn();
    const stored = s.h.core.providers.get(s.provider.id);
    const movedProvider = {
      ...stored,
      endpoints: { ...stored.endpoints, token: `${elsewhere.url}/token` },
    };
    const account = s.h.core.accounts.get(s.account.id);
    const rule = {
      origins: bindingFor(stored).origins,
      what: 'the tokens of this account',
      active: () => true,
    };
    // The same provider id: its client secret is read from the vault and bound where it was entered.
    await expect(
      sendOnlyTo(rule, () => s.h.core.providers.adapter(movedProvider).refresh(s.tokens, account)),
    ).rejects.toMatchObject({ code: 'REAUTH_REQUIRED' });
    // Even with the secret's check passed (a provider without one), the tokens' rule holds.
    const publicMoved = { ...movedProvider, clientAuth: 'none' as const, hasClientSecret: false };
    await expect(
      sendOnlyTo(rule, () => s.h.core.providers.adapter(publicMoved).refresh(s.tokens, account)),
    ).rejects.toMatchObject({
      code: 'REAUTH_REQUIRED',
      message: expect.stringMatching(/Nothing was sent/),
    });
    expect(elsewhere.requests).toEqual([]);
  });
});
