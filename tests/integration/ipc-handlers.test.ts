import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../contract/channels.ts';
import type { AccountSummary, ProviderSummary } from '../../contract/domain.ts';
import type { HandlerTable } from '../../main/core/ipc/handlers.ts';
import { accountVaultId, type StoredTokens } from '../../main/core/model.ts';
import { CONFIDENTIAL_CLIENT_SECRET, startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { createHarness, type Harness } from '../support/core-harness.ts';
import { createScannedIpcHandlers } from '../support/scanned-ipc.ts';
import { confidentialClientInput } from '../support/oidc-provider-input.ts';
import { signInWithBrowser } from '../support/sign-in.ts';

const APP_URL = 'app://renderer/index.html';
let idp: TestIdp;
let h: Harness;
let ipc: HandlerTable;

beforeAll(async () => {
  idp = await startOidcIdp();
});
afterAll(async () => {
  await idp.close();
});
afterEach(async () => {
  await h.close();
});

async function setUp(): Promise<void> {
  h = await createHarness();
  ipc = createScannedIpcHandlers(h.core, {
    trustedSenders: ['app://renderer'],
    log: () => undefined,
  });
}

describe('IPC handler table', () => {
  it('has a handler for every channel of the contract', async () => {
    await setUp();
    expect(Object.keys(ipc).sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('rejects calls from anything but the app window, including a missing sender frame', async () => {
    await setUp();
    for (const sender of [
      null,
      undefined,
      'https://evil.example/app',
      'http://127.0.0.1:5173/',
      'file:///index.html',
    ]) {
      const result = await ipc['accounts:list'](sender, undefined);
      expect(result).toEqual({
        ok: false,
        error: { code: 'UNTRUSTED_SENDER', message: expect.any(String) },
      });
    }
    expect((await ipc['accounts:list'](APP_URL, undefined)).ok).toBe(true);
  });

  it('validates input before doing anything', async () => {
    await setUp();
    const bad = [
      ['accounts:refresh', { id: 42 }],
      ['accounts:refresh', { id: 'x', extra: true }],
      ['providers:add', { kind: 'oidc', name: 'x' }],
      ['vault:unlock', {}],
      ['accounts:list', { unexpected: 1 }],
      ['accounts:revealToken', { id: 'x', kind: 'refresh' }],
    ] as const;
    for (const [channel, input] of bad) {
      const result = await ipc[channel](APP_URL, input);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(h.core.providers.list()).toEqual([]);
  });

  it('returns coded errors instead of throwing', async () => {
    await setUp();
    const result = await ipc['accounts:refresh'](APP_URL, { id: 'no-such-account' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'That account no longer exists.' },
    });
  });

  it('never sends a refresh token or client secret to the renderer', async () => {
    await setUp();
    const added = await ipc['providers:add'](APP_URL, confidentialClientInput(idp.issuer));
    expect(added.ok).toBe(true);
    const provider = (added as { value: ProviderSummary }).value;
    await signInWithBrowser(h, provider.id, 'alice');
    const listed = await ipc['accounts:list'](APP_URL, undefined);
    const account = (listed as { value: AccountSummary[] }).value[0]!;
    const tokens = h.core.vault.get<StoredTokens>(accountVaultId(account.id))!;

    const outputs = await Promise.all([
      ipc['providers:list'](APP_URL, undefined),
      ipc['accounts:list'](APP_URL, undefined),
      ipc['accounts:refresh'](APP_URL, { id: account.id }),
      ipc['accounts:inspect'](APP_URL, { id: account.id }),
      ipc['signIn:list'](APP_URL, undefined),
      ipc['vault:status'](APP_URL, undefined),
    ]);
    const serialized = JSON.stringify(outputs);
    const latest = h.core.vault.get<StoredTokens>(accountVaultId(account.id))!;
    for (const secret of [tokens.refreshToken!, latest.refreshToken!, CONFIDENTIAL_CLIENT_SECRET]) {
      expect(serialized).not.toContain(secret);
    }
    // The access token crosses only when explicitly revealed.
    expect(serialized).not.toContain(latest.accessToken);
    const revealed = await ipc['accounts:revealToken'](APP_URL, { id: account.id, kind: 'access' });
    expect(revealed).toEqual({ ok: true, value: { token: latest.accessToken } });
  });
});
