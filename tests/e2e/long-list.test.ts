/**
 * A list of 300 accounts whose tokens all expire within the minute, in real Chromium against
 * the real core: only the rows near the view are in the page wherever one scrolls, and every
 * countdown a user can see is current, including one that comes back into view (off screen,
 * countdowns do not tick; `npm run bench` measures what that saves).
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { createBrowserCore, type BrowserCore } from '../support/browser-core.ts';
import { startBrowserHost, type BrowserHost } from '../support/browser-host.ts';
import { nativeClientInput } from '../support/oidc-provider-input.ts';
import { cloneAccounts, signInUsers } from '../support/seed-accounts.ts';

let idp: TestIdp;
let app: BrowserCore;
let host: BrowserHost;
let page: Page;
const COPIES = 299;
/** When every copy's access token expires: counting down by the second for the whole file. */
let expiresAt: number;

beforeAll(async () => {
  idp = await startOidcIdp();
  app = await createBrowserCore();
  await app.core.vault.create({ kind: 'os-keychain' });
  // The copies share one refresh token: nothing may renew them meanwhile.
  app.core.metadata.updateSettings({ autoRefresh: false });
  const provider = await app.core.providers.add(nativeClientInput(idp.issuer));
  await signInUsers(app.core, provider.id, ['alice']);
  const alice = app.core.accounts.summaries()[0]!;
  expiresAt = Date.now() + 58_000;
  await cloneAccounts(app.core, alice.id, COPIES, (i) => ({
    label: `Service ${String(i + 1).padStart(3, '0')}`,
    subject: `svc-${i + 1}`,
    expiresAt,
  }));
  host = await startBrowserHost({ core: app.core, systemBrowser: app.systemBrowser });
  page = host.page;
  await page.locator('[data-account-row]').first().waitFor();
}, 60_000);

afterAll(async () => {
  await host?.close();
  await app?.close();
  await idp?.close();
});

const rows = () => page.locator('[data-account-row]');
const row = (label: string) => page.locator('tbody.account', { hasText: label });
// The list scrolls in <main>; page code as strings (the tests are type-checked without the DOM).
const scrollListTo = (top: number | 'end') =>
  page.evaluate(
    `(() => { const list = document.querySelector('main'); list.scrollTop = ${
      top === 'end' ? 'list.scrollHeight' : String(top)
    }; })()`,
  );
/** Two frames: what scrolling changed is on screen (and the page has reacted to it). */
const nextFrames = () =>
  page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');

/**
 * The seconds a row's countdown shows, checked against the clock: never more than the one
 * second a shared once-a-second clock can lag behind.
 */
async function expectCurrentCountdown(expiry: Locator): Promise<number> {
  const text = (await expiry.textContent()) ?? '';
  const remaining = Math.floor((expiresAt - Date.now()) / 1000);
  const shown = Number(/expires in (\d+) s/.exec(text)?.[1]);
  expect(text).toMatch(/^expires in \d+ s$/);
  expect(shown).toBeGreaterThanOrEqual(remaining);
  expect(shown).toBeLessThanOrEqual(remaining + 1);
  return shown;
}

describe('a long list', () => {
  it('has only the rows near the view in the page, wherever it is scrolled', async () => {
    expect(await rows().count()).toBeLessThan(30);
    await scrollListTo('end');
    await row('Service 299').waitFor();
    expect(await rows().count()).toBeLessThan(30);
    expect(await row('Service 001').count()).toBe(0);
    await scrollListTo(0);
    await row('Service 001').waitFor();
    expect(await rows().count()).toBeLessThan(30);
    expect(await row('Service 299').count()).toBe(0);
  });

  it('counts down every second on screen', async () => {
    const expiry = row('Service 001').locator('.expiry__text');
    const before = await expectCurrentCountdown(expiry);
    await page.waitForTimeout(2100);
    const after = await expectCurrentCountdown(expiry);
    expect(after).toBeLessThan(before);
    expect(await expiry.getAttribute('aria-label')).toBe(`expires in ${after} s (soon)`);
  });

  it('shows the current countdown the moment a row comes back into view', async () => {
    // Scrolled just out of view, the row stays in the page (within the margin) but is not on
    // screen: its countdown rests, and must be right again as soon as it is visible.
    const target = row('Service 001');
    const bottom = (await target.boundingBox())!;
    await scrollListTo(bottom.y + bottom.height);
    await nextFrames();
    expect(await target.count()).toBe(1);
    await page.waitForTimeout(2500);
    await scrollListTo(0);
    await nextFrames();
    await expectCurrentCountdown(target.locator('.expiry__text'));
  });

  it('says in the top bar how many are expiring soon', async () => {
    expect(await page.locator('.topbar__summary').textContent()).toBe(
      `${COPIES + 1} accounts · ${COPIES} expiring soon`,
    );
  });
});
