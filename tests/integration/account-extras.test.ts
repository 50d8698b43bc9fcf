/**
 * Copy as…, the token history, the end of a provider's session, and sharing provider setups,
 * on a real core against the real oidc-provider, through the same IPC handler table the
 * window uses.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../contract/domain.ts';
import type { HandlerTable } from '../../main/core/ipc/handlers.ts';
import { accountVaultId, type StoredTokens } from '../../main/core/model.ts';
import {
  CONFIDENTIAL_CLIENT_SECRET,
  NATIVE_CLIENT_ID,
  startOidcIdp,
  type TestIdp,
} from '../servers/oidc-idp.ts';
import { createHarness, type Harness } from '../support/core-harness.ts';
import { confidentialClientInput, nativeClientInput } from '../support/oidc-provider-input.ts';
import { createScannedIpcHandlers } from '../support/scanned-ipc.ts';
import { signInWithBrowser } from '../support/sign-in.ts';

const APP = 'app://renderer/index.html';
let idp: TestIdp;
const harnesses: Harness[] = [];

beforeAll(async () => {
  idp = await startOidcIdp();
});
afterEach(async () => {
  idp.announceRefreshExpiresIn(undefined);
  for (const h of harnesses.splice(0)) await h.close();
});
afterAll(async () => {
  await idp?.close();
});

async function setup(): Promise<{ h: Harness; ipc: HandlerTable; accountId: string }> {
  const h = await createHarness();
  harnesses.push(h);
  const ipc = createScannedIpcHandlers(h.core, { trustedSenders: ['app://renderer'] });
  const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
  const { done } = await signInWithBrowser(h, provider.id, 'alice');
  return { h, ipc, accountId: done.accountId! };
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const tokensOf = (h: Harness, id: string) => h.core.vault.get<StoredTokens>(accountVaultId(id))!;

describe('Copy as…', () => {
  it('copies each format through the clipboard guard, read back from the clipboard', async () => {
    const { h, ipc, accountId } = await setup();
    const { accessToken, idToken } = tokensOf(h, accountId);
    const copy = (format: 'access-token' | 'authorization-header' | 'curl' | 'id-token') =>
      ipc['accounts:copyAs'](APP, { id: accountId, format });

    expect(value(await copy('access-token')).clearsAt).toBeGreaterThan(Date.now());
    expect(h.clipboard.text).toBe(accessToken);
    value(await copy('authorization-header'));
    expect(h.clipboard.text).toBe(`Authorization: Bearer ${accessToken}`);
    value(await copy('curl'));
    expect(h.clipboard.text).toBe(
      `curl -H 'Authorization: Bearer ${accessToken}' https://api.example.com/`,
    );
    value(await copy('id-token'));
    expect(h.clipboard.text).toBe(idToken);

    // The guard clears only what it copied: the user's own copy since then stays.
    h.clipboard.text = 'something the user copied';
    await h.core.clipboard.clearNow();
    expect(h.clipboard.text).toBe('something the user copied');
    value(await copy('curl'));
    await h.core.clipboard.clearNow();
    expect(h.clipboard.text).toBe('');
  });

  it('refreshes first when the token is about to expire, in every format', async () => {
    const { h, ipc, accountId } = await setup();
    const before = tokensOf(h, accountId).accessToken;
    h.core.metadata.saveAccount({
      ...h.core.accounts.get(accountId),
      expiresAt: Date.now() + 5_000,
    });
    value(await ipc['accounts:copyAs'](APP, { id: accountId, format: 'authorization-header' }));
    const after = tokensOf(h, accountId).accessToken;
    expect(after).not.toBe(before);
    expect(h.clipboard.text).toBe(`Authorization: Bearer ${after}`);
  });
});

describe('token history', () => {
  it('records sign-in, refreshes (rotated), a failed refresh with its error, and revocation', async () => {
    const { h, ipc, accountId } = await setup();
    await h.core.accounts.refresh(accountId);
    // The grant is revoked at the provider behind the app's back: the next refresh fails.
    const { refreshToken } = tokensOf(h, accountId);
    await fetch(`${idp.issuer}/token/revocation`, {
      method: 'POST',
      body: new URLSearchParams({ token: refreshToken!, client_id: NATIVE_CLIENT_ID }),
    });
    await expect(h.core.accounts.refresh(accountId)).rejects.toMatchObject({
      code: 'REAUTH_REQUIRED',
    });
    await signInWithBrowser(h, h.core.accounts.get(accountId).providerId, 'alice', { accountId });
    await h.core.accounts.revoke(accountId);

    const history = value(await ipc['accounts:history'](APP, { id: accountId }));
    expect(history.map((e) => [e.event, e.outcome])).toEqual([
      ['revoked', 'ok'],
      ['signed-in', 'ok'],
      ['refresh-failed', 'failed'],
      ['refreshed', 'ok'],
      ['signed-in', 'ok'],
    ]);
    expect(history[3]).toMatchObject({ rotated: true });
    expect(history[4]).toMatchObject({ method: 'authorization-code' });
    expect(history[2]!.error).toMatchObject({
      code: 'REAUTH_REQUIRED',
      providerMessage: expect.stringContaining('invalid_grant') as string,
    });
    const times = history.map((e) => e.at);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // Removing the account removes its history.
    await h.core.accounts.remove(accountId);
    expect(h.core.history.list(accountId)).toEqual([]);
  });
});

describe('end of the provider session (refresh_expires_in)', () => {
  it('shows when a sign-in is needed, and warns once a refresh shows the end is firm', async () => {
    idp.announceRefreshExpiresIn(30 * 60);
    const started = Date.now();
    const { h, accountId } = await setup();
    const end = h.core.accounts.summaries()[0]!.signInNeededBy!;
    expect(end).toBeGreaterThanOrEqual(started + 30 * 60_000 - 1000);
    expect(end).toBeLessThanOrEqual(Date.now() + 30 * 60_000);
    const warnings = () => h.notifications.filter((n) => n.title.includes('sign-in needed'));
    // Right after sign-in the end might still be an idle timeout that refreshes push back.
    expect(warnings()).toEqual([]);

    await h.core.accounts.refresh(accountId);
    expect(Math.abs(h.core.accounts.summaries()[0]!.signInNeededBy! - end)).toBeLessThanOrEqual(
      2000,
    );
    expect(warnings()).toEqual([
      {
        title: 'alice@example.test: sign-in needed within an hour',
        body: expect.stringMatching(/^Test IdP ends this session by .+\. Sign in again/) as string,
      },
    ]);
    await h.core.accounts.refresh(accountId);
    expect(warnings()).toHaveLength(1);

    // The provider moves the end (a sliding session): shown, and no warning for it.
    idp.announceRefreshExpiresIn(3 * 24 * 3600);
    await h.core.accounts.refresh(accountId);
    const extended = h.core.accounts.summaries()[0]!.signInNeededBy!;
    expect(extended).toBeGreaterThan(Date.now() + 2 * 24 * 3600_000);
    expect(warnings()).toHaveLength(1);

    idp.announceRefreshExpiresIn(undefined);
    await h.core.accounts.refresh(accountId);
    // oidc-provider rotates refresh tokens: the new one's end is unknown, so nothing is shown.
    expect(h.core.accounts.summaries()[0]!.signInNeededBy).toBeNull();
  });

  it('shows nothing where the provider says nothing', async () => {
    const { h } = await setup();
    expect(h.core.accounts.summaries()[0]!.signInNeededBy).toBeNull();
    expect(h.notifications.filter((n) => n.title.includes('sign-in needed'))).toEqual([]);
  });
});

describe('sharing provider setups', () => {
  it('exports setups without secrets and imports them into a fresh vault', async () => {
    const { h, ipc } = await setup();
    await h.core.providers.add(confidentialClientInput(idp.issuer));
    const exported = value(await ipc['providers:export'](APP, {}));
    expect(exported.count).toBe(2);
    expect(exported.content).not.toContain(CONFIDENTIAL_CLIENT_SECRET);
    for (const account of h.core.accounts.list()) {
      const tokens = tokensOf(h, account.id);
      for (const t of [tokens.accessToken, tokens.refreshToken, tokens.idToken]) {
        if (t) expect(exported.content).not.toContain(t);
      }
    }

    const fresh = await createHarness();
    harnesses.push(fresh);
    const freshIpc = createScannedIpcHandlers(fresh.core, { trustedSenders: ['app://renderer'] });
    const preview = value(
      await freshIpc['providers:previewImport'](APP, { content: exported.content }),
    );
    expect(preview.items).toMatchObject([
      { name: 'Test IdP', status: 'new', toFill: [] },
      { name: 'Test IdP (confidential)', status: 'new', toFill: ['clientSecret'] },
    ]);

    // Without the secret the importer must fill, nothing is imported.
    const refused = await freshIpc['providers:import'](APP, { content: exported.content });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringMatching(
          /"Test IdP \(confidential\)" could not be added: .*Nothing was imported/,
        ) as string,
      },
    });
    expect(fresh.core.providers.list()).toEqual([]);

    const result = value(
      await freshIpc['providers:import'](APP, {
        content: exported.content,
        clientSecrets: { '1': CONFIDENTIAL_CLIENT_SECRET },
      }),
    );
    expect(result.added.map((p) => p.name)).toEqual(['Test IdP', 'Test IdP (confidential)']);
    const strip = (p: { id: string; capabilities: unknown }) => {
      const { id: _id, ...rest } = p;
      return rest;
    };
    expect(fresh.core.providers.summaries().map(strip)).toEqual(
      h.core.providers.summaries().map(strip),
    );
    // The imported confidential client works: a sign-in with it succeeds.
    const imported = fresh.core.providers.summaries()[1]!;
    const { done } = await signInWithBrowser(fresh, imported.id, 'bob');
    expect(done.status).toBe('succeeded');

    // Importing the same file again adds nothing: every provider is a duplicate.
    const again = value(
      await freshIpc['providers:previewImport'](APP, { content: exported.content }),
    );
    expect(again.items.map((i) => i.status)).toEqual(['duplicate', 'duplicate']);
  });

  it('a hostile file gets a clear error and changes nothing', async () => {
    const { h, ipc } = await setup();
    const before = JSON.stringify(h.core.providers.summaries());
    const hostile = `{"format":"token-desk/provider-setups","version":1,"providers":[{"kind":"oidc","name":"x","issuer":"${idp.issuer}","clientId":"c","clientAuth":"none","scopes":[],"authParams":{},"redirectKind":"loopback","clientSecret":"smuggled-secret-value"}]}`;
    for (const channel of ['providers:previewImport', 'providers:import'] as const) {
      const result = await ipc[channel](APP, { content: hostile });
      expect(result).toMatchObject({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: expect.stringContaining('never contain secrets') as string,
        },
      });
    }
    expect(JSON.stringify(h.core.providers.summaries())).toBe(before);
  });
});
