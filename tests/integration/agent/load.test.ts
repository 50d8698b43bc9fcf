import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AccountRecord } from '../../../main/core/model.ts';
import { startOidcIdp, type TestIdp } from '../../servers/oidc-idp.ts';
import { encryptedRequest, plainRequest } from '../../support/agent-client.ts';
import { agentWithAccount } from '../../support/agent-account.ts';
import type { Harness } from '../../support/core-harness.ts';

// What the provider sees when scripts ask for tokens: many at once, for hours, beside many
// accounts.

let idp: TestIdp;
let shortLived: TestIdp;
const harnesses: Harness[] = [];

beforeAll(async () => {
  idp = await startOidcIdp();
  // 31-second tokens: every request below asks for 60 s of validity, so each needs a refresh.
  shortLived = await startOidcIdp({ accessTokenTtl: 31 });
});
afterAll(() => Promise.all([idp.close(), shortLived.close()]));
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

const refreshesAt = (server: TestIdp) =>
  server.tokenRequests.filter((r) => r['grant_type'] === 'refresh_token').length;

describe('concurrent script requests', () => {
  it('50 requests for an expiring token, with the GUI refreshing too, cause one refresh', async () => {
    let now = Date.now();
    const { h, socket, tokens, account } = await agentWithAccount(shortLived.issuer, {
      now: () => now,
    });
    harnesses.push(h);
    // Only scripts and the window refresh here: the background refresh would refresh these
    // 31-second tokens on its own schedule. Join any refresh it started, then let 11 s pass.
    h.core.scheduler.stop();
    await h.core.accounts.refresh(account.id);
    now += 11_000;
    const old = tokens().accessToken;
    const before = refreshesAt(shortLived);
    const request = { request: 'access_token', account: 'work', min_valid_period: 60 };
    const [replies] = await Promise.all([
      Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          i % 2 ? plainRequest(socket, request) : encryptedRequest(socket, request),
        ),
      ),
      h.core.accounts.refresh(account.id),
    ]);
    expect(refreshesAt(shortLived)).toBe(before + 1);
    const issued = new Set(replies.map((r) => r['access_token']));
    expect([...issued]).toEqual([tokens().accessToken]);
    expect(issued.has(old)).toBe(false);
    // Moments later the token still has less than 60 s, but it is as good as the provider
    // gives: no second refresh.
    const later = await plainRequest(socket, request);
    expect(later['access_token']).toBe(tokens().accessToken);
    expect(refreshesAt(shortLived)).toBe(before + 1);
  });
});

describe('script requests over simulated hours', () => {
  it('a script asking every minute for 6 hours causes a refresh per token lifetime', async () => {
    let now = Date.now();
    const { h, socket } = await agentWithAccount(idp.issuer, { now: () => now });
    harnesses.push(h);
    // Only the script's requests refresh here; the background refresh is tested on its own.
    h.core.metadata.updateSettings({ autoRefresh: false });
    const before = refreshesAt(idp);
    for (let minute = 0; minute < 6 * 60; minute++) {
      const reply = await plainRequest(socket, {
        request: 'access_token',
        account: 'work',
        min_valid_period: 60,
      });
      expect(reply['status']).toBe('success');
      expect((reply['expires_at'] as number) * 1000 - now).toBeGreaterThanOrEqual(59_000);
      now += 60_000;
    }
    // One-hour tokens (expires_in 3600, or 3599 when the IdP's clock ticked): refreshed about
    // once an hour, at minutes 60, 120… (or 59, 118…), never once per request.
    expect(refreshesAt(idp) - before).toBeGreaterThanOrEqual(5);
    expect(refreshesAt(idp) - before).toBeLessThanOrEqual(6);
  });
});

describe('serving a cached token beside many accounts', () => {
  for (const count of [1, 100, 10_000]) {
    it(`reads no metadata and calls no provider per request with ${count} accounts`, async () => {
      const { h, socket, account } = await agentWithAccount(idp.issuer);
      harnesses.push(h);
      const real = h.core.metadata.getAccount(account.id)!;
      const others: AccountRecord[] = Array.from({ length: count - 1 }, (_, i) => ({
        ...real,
        id: `other-${i}`,
        shortName: `other-${i}`,
        label: `Other ${i}`,
      }));
      // Written in one go (saving 10,000 accounts one by one is not what this measures).
      h.core.metadata.saveAccounts(others);
      h.core.accounts.resetSummaries();
      const reads = vi.spyOn(h.core.metadata, 'listAccounts');
      const providerRequests = idp.tokenRequests.length;
      for (let i = 0; i < 20; i++) {
        const reply = await plainRequest(socket, { request: 'access_token', account: 'work' });
        expect(reply['status']).toBe('success');
      }
      expect(reads).not.toHaveBeenCalled();
      expect(idp.tokenRequests.length).toBe(providerRequests);
    });
  }
});
