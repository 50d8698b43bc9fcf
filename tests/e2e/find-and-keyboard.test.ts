/**
 * Finding an account among many and working the list without the mouse, in real Chromium
 * against the real core and a real OpenID provider. Four real sign-ins (password grant) at two
 * providers, plus 60 copies of one so the list is longer than a screen (and windowed).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { createBrowserCore, type BrowserCore } from '../support/browser-core.ts';
import { startBrowserHost, type BrowserHost } from '../support/browser-host.ts';
import { screenshot, waitForText } from '../support/browser-test-kit.ts';
import { nativeClientInput } from '../support/oidc-provider-input.ts';
import { cloneAccounts, signInUsers } from '../support/seed-accounts.ts';

let idp: TestIdp;
let app: BrowserCore;
let host: BrowserHost;
let page: Page;
const COPIES = 60;

beforeAll(async () => {
  idp = await startOidcIdp();
  app = await createBrowserCore();
  await app.core.vault.create({ kind: 'os-keychain' });
  const work = await app.core.providers.add({ ...nativeClientInput(idp.issuer), name: 'Work IdP' });
  const staging = await app.core.providers.add({
    ...nativeClientInput(idp.issuer),
    name: 'Staging IdP',
  });
  await signInUsers(app.core, work.id, ['alice', 'bob', 'carol']);
  await signInUsers(app.core, staging.id, ['dave']);
  const alice = app.core.accounts.summaries().find((a) => a.subject === 'alice')!;
  await cloneAccounts(app.core, alice.id, COPIES, (i) => ({
    label: `Service ${String(i + 1).padStart(2, '0')}`,
    subject: `svc-${i + 1}`,
    scopes: i % 10 === 0 ? ['openid', 'billing:read'] : ['openid'],
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

const findBox = () => page.getByRole('searchbox');
const count = () => page.locator('.findbar__count');
const findFocused = () =>
  page.evaluate('document.activeElement === document.querySelector("input[type=search]")');
const focusedLabel = () =>
  page.evaluate('document.activeElement && document.activeElement.getAttribute("aria-label")');
const sections = () => page.locator('section.provider');

/** Waits until the focused element is the row (or control) with this accessible name. */
async function waitForFocus(label: string): Promise<void> {
  const deadline = Date.now() + 5000;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await focusedLabel();
    if (last === label) return;
    await page.waitForTimeout(25);
  }
  throw new Error(`Focus never reached "${label}"; it is on "${String(last)}".`);
}

describe('Find', () => {
  it('/ focuses the box; typing filters by label, subject, provider and scope, with a count', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    expect(await findFocused()).toBe(true);

    await page.keyboard.type('carol');
    await waitForText(count(), '1 of 64 accounts match');
    expect(await page.locator('[data-account-row]').count()).toBe(1);
    // The provider with no match collapses to its title.
    const staging = sections().filter({ hasText: 'Staging IdP' });
    await waitForText(staging, 'no matching accounts');
    expect(await staging.locator('table').count()).toBe(0);
    await screenshot(page, '30-find-subject');

    await findBox().fill('billing:read');
    await waitForText(count(), '6 of 64 accounts match');
    await findBox().fill('staging');
    await waitForText(count(), '1 of 64 accounts match');
    expect(await page.locator('[data-account-row]').getAttribute('aria-label')).toBe(
      'dave@example.test, Staging IdP',
    );
    // Every word must match: subjects svc-4 and svc-40 … svc-49.
    await findBox().fill('svc-4 work');
    await waitForText(count(), '11 of 64 accounts match');
    await findBox().fill('nobody here');
    await waitForText(count(), '0 of 64 accounts match');
    await screenshot(page, '31-find-no-match');
  });

  it('Escape clears it; Ctrl+F focuses it again', async () => {
    await page.keyboard.press('Escape');
    expect(await findBox().inputValue()).toBe('');
    expect((await count().textContent())?.trim()).toBe('');
    expect(await sections().filter({ hasText: 'no matching accounts' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    expect(await findFocused()).toBe(false);
    await page.keyboard.press('Control+f');
    expect(await findFocused()).toBe(true);
    await page.keyboard.press('Escape');
  });
});

describe('keyboard', () => {
  it('renders a long list in windows, and arrow keys walk through all of it', async () => {
    // Only the rows near the viewport are in the page; the rest are placeholders.
    expect(await page.locator('[data-account-row]').count()).toBeLessThan(64);
    await page.locator('[data-account-row]').first().focus();
    expect(await focusedLabel()).toBe('alice@example.test, Work IdP');
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowDown');
    // alice, bob, carol, then the copies: the 31st row is "Service 28".
    await waitForFocus('Service 28, Work IdP');
    await page.keyboard.press('ArrowUp');
    expect(await focusedLabel()).toBe('Service 27, Work IdP');
    await screenshot(page, '32-keyboard-row-focus');
  });

  it('Enter inspects; focus returns to the row when Inspect closes', async () => {
    await page.keyboard.press('Enter');
    const inspect = page.getByRole('dialog', { name: /Service 27/ });
    await inspect.waitFor();
    await page.keyboard.press('Escape');
    await inspect.waitFor({ state: 'detached' });
    expect(await focusedLabel()).toBe('Service 27, Work IdP');
  });

  it('C copies the access token (read back from the clipboard)', async () => {
    // Up to carol, a real account of her own (alice, bob, carol, then the copies).
    for (let i = 0; i < 27; i++) await page.keyboard.press('ArrowUp');
    await waitForFocus('carol@example.test, Work IdP');
    const carol = app.core.accounts.summaries().find((a) => a.subject === 'carol')!;
    await page.keyboard.press('c');
    await page.getByText('Copied', { exact: false }).first().waitFor();
    expect(app.clipboard.text).toBe(app.core.accounts.revealToken(carol.id, 'access'));
  });

  it('R refreshes (the IdP sees one refresh) and says so', async () => {
    const carol = app.core.accounts.summaries().find((a) => a.subject === 'carol')!;
    const before = idp.tokenRequests.filter((r) => r.grant_type === 'refresh_token').length;
    await page.keyboard.press('r');
    await page.locator('.toast', { hasText: 'Token refreshed' }).waitFor();
    expect(idp.tokenRequests.filter((r) => r.grant_type === 'refresh_token').length).toBe(
      before + 1,
    );
    expect(app.core.accounts.summaries().find((a) => a.id === carol.id)!.lastRefreshedAt).not.toBe(
      null,
    );
    expect(await focusedLabel()).toBe('carol@example.test, Work IdP');
  });

  it('Delete asks first; confirming removes the account and focus moves to the next row', async () => {
    await page.keyboard.press('ArrowDown');
    expect(await focusedLabel()).toBe('Service 01, Work IdP');
    await page.keyboard.press('Delete');
    const confirm = page.getByRole('dialog', { name: 'Remove Service 01?' });
    await confirm.waitFor();
    await screenshot(page, '33-keyboard-remove');
    // Cancel first: nothing happens, focus comes back.
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await focusedLabel()).toBe('Service 01, Work IdP');

    await page.keyboard.press('Delete');
    await confirm.waitFor();
    for (let i = 0; i < 5; i++) {
      const name = await page.evaluate('document.activeElement?.textContent ?? ""');
      if (name === 'Remove') break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    await waitForFocus('Service 02, Work IdP');
    expect(app.core.accounts.summaries().some((a) => a.label === 'Service 01')).toBe(false);
  });

  it('? lists the shortcuts; Escape closes the overlay', async () => {
    await page.keyboard.press('?');
    const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await overlay.waitFor();
    for (const text of ['Find accounts', 'Inspect the account', 'Copy its access token']) {
      await overlay.getByText(text).first().waitFor();
    }
    await screenshot(page, '34-keyboard-shortcuts');
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });
    expect(await focusedLabel()).toBe('Service 02, Work IdP');
  });
});
