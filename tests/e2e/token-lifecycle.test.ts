/**
 * The everyday path, in real Chromium against the real core and a real OpenID provider: set up
 * the vault, add a provider, sign in through the IdP's own pages, then refresh, copy, inspect
 * and revoke. The steps share one app window and run in order.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_ID } from '../../main/core/providers/presets.ts';
import { startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { createBrowserCore, type BrowserCore } from '../support/browser-core.ts';
import { startBrowserHost, type BrowserHost } from '../support/browser-host.ts';
import {
  accessibleDescription,
  chooseSignIn,
  completeIdpSignIn,
  openedTab,
  screenshot,
  waitForText,
} from '../support/browser-test-kit.ts';
import { registerSecret } from '../support/leak-detector.ts';

const PASSPHRASE = 'correct horse battery staple';
registerSecret(PASSPHRASE, 'passphrase');
const ACCOUNT = 'alice@example.test';

let idp: TestIdp;
let app: BrowserCore;
let host: BrowserHost;
let page: Page;

beforeAll(async () => {
  idp = await startOidcIdp({ devInteractions: true, extraNativeClientIds: [DEMO_CLIENT_ID] });
  app = await createBrowserCore();
  host = await startBrowserHost({ core: app.core, systemBrowser: app.systemBrowser });
  page = host.page;
});

afterAll(async () => {
  await host?.close();
  await app?.close();
  await idp?.close();
});

const accountRow = () => page.locator('tbody.account', { hasText: ACCOUNT });
const accountId = () => app.core.accounts.summaries()[0]!.id;

describe('token lifecycle in the app window', () => {
  it('sets up the vault with a master passphrase on first run', async () => {
    await page.getByRole('heading', { name: 'Set up your vault' }).waitFor();
    await screenshot(page, '01-vault-setup');

    await page.getByLabel('Use a master passphrase').check();
    await page.getByLabel('Master passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Confirm passphrase', { exact: true }).fill('something else');
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByText('The two passphrases do not match.').waitFor();
    await screenshot(page, '01-vault-setup-mismatch');
    expect((await app.core.vaultStatus()).state).toBe('missing');

    await page.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByRole('heading', { name: 'All your OAuth tokens, at hand' }).waitFor();
    expect(await app.core.vaultStatus()).toMatchObject({
      state: 'unlocked',
      protection: 'passphrase',
    });
    await screenshot(page, '02-first-run');
  });

  it('adds a provider from the demo template, pointed at this IdP', async () => {
    await page.getByRole('button', { name: 'Add a provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a provider' });
    await dialog.getByRole('button', { name: /^Local demo provider/ }).click();

    const issuer = dialog.getByLabel('Issuer URL');
    expect(await issuer.inputValue()).toBe('http://127.0.0.1:4455');
    expect(await dialog.getByLabel('Client ID').inputValue()).toBe(DEMO_CLIENT_ID);
    await dialog.getByText('http://127.0.0.1/callback (any port)').waitFor();
    // A public client has no secret field; choosing a secret method shows one.
    expect(await dialog.getByLabel('Client secret').count()).toBe(0);
    await issuer.fill(idp.issuer);
    await screenshot(page, '03-provider-form');

    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Demo provider', level: 2 }).waitFor();
    await page.getByText('No accounts yet.').waitFor();
    expect(app.core.providers.summaries()).toMatchObject([
      { name: 'Demo provider', issuer: idp.issuer, clientId: DEMO_CLIENT_ID },
    ]);
  });

  it('signs in through the IdP login page and lists the account with its expiry', async () => {
    const opened = host.context.waitForEvent('page');
    await chooseSignIn(page, 'Sign in to Demo provider', 'In the browser');
    const card = page.getByRole('region', { name: 'Sign-in to Demo provider' });
    await card
      .getByText('Waiting for you to finish signing in at Demo provider in your browser…')
      .waitFor();
    await waitForText(card, /\d:\d\d/);
    await opened;
    // A closed tab is opened again by the app; the link can also be copied.
    const reopened = host.context.waitForEvent('page');
    await card.getByRole('button', { name: 'Open the sign-in page again' }).click();
    const again = await openedTab(reopened);
    expect(again.url().startsWith(idp.issuer)).toBe(true);
    await again.close();
    await card.getByRole('button', { name: 'Show the link' }).click();
    const link = card.getByLabel('Sign-in link');
    expect(await link.inputValue()).toMatch(new RegExp(`^${idp.issuer}/auth\\?`));
    await screenshot(page, '04-sign-in-waiting');

    const tab = await completeIdpSignIn(opened, 'alice');
    await tab.close();

    await card.getByText(`Signed in as ${ACCOUNT}`).waitFor();
    const row = accountRow();
    await row.waitFor();
    await waitForText(row, 'expires in 59 min');
    expect(await row.textContent()).toContain('alice');
    expect(await row.getByRole('list', { name: 'Scopes' }).textContent()).toContain('openid');
    await screenshot(page, '05-accounts');
  });

  it('refreshes the access token', async () => {
    const row = accountRow();
    expect(await row.textContent()).toContain('Signed in just now');
    await row.getByRole('button', { name: `Refresh ${ACCOUNT}` }).click();
    await waitForText(row, 'Refreshed just now');
    await page
      .getByRole('status', { name: 'Notifications' })
      .getByText('Token refreshed')
      .waitFor();
    expect(await row.getByRole('alert').count()).toBe(0);
    expect(app.core.accounts.summaries()[0]?.lastRefreshedAt).toEqual(expect.any(Number));
  });

  it('copies the access token to the clipboard and says when it clears', async () => {
    await accountRow()
      .getByRole('button', { name: `Copy token of ${ACCOUNT}` })
      .click();
    const toasts = page.getByRole('status', { name: 'Notifications' });
    await waitForText(toasts, /Copied — clears in (30|29) s/);
    expect(app.clipboard.text).toBe(app.core.accounts.revealToken(accountId(), 'access'));
    await screenshot(page, '06-copied');
  });

  it('inspects the tokens: ID token claims, UserInfo, active introspection', async () => {
    await accountRow()
      .getByRole('button', { name: `Inspect ${ACCOUNT}` })
      .click();
    const panel = page.getByRole('dialog', { name: ACCOUNT });
    const idToken = panel.getByRole('region', { name: 'ID token' });
    await idToken.waitFor();
    expect(await claim(idToken, 'sub')).toBe('alice');
    expect(await claim(idToken, 'aud')).toBe(DEMO_CLIENT_ID);
    expect(await claim(idToken, 'exp')).toMatch(/in (59|60) min/);
    expect(await claim(idToken, 'iat')).toMatch(/ago|just now/);

    // This IdP puts profile claims in UserInfo rather than in the ID token.
    const userInfo = panel.getByRole('region', { name: 'UserInfo' });
    expect(await claim(userInfo, 'sub')).toBe('alice');
    expect(await claim(userInfo, 'email')).toBe(ACCOUNT);
    const introspection = panel.getByRole('region', { name: 'Introspection (RFC 7662)' });
    expect(await claim(introspection, 'active')).toBe('true');
    await screenshot(page, '07-inspect');

    // The raw token is fetched only on an explicit click, and "Hide" drops it.
    const token = app.core.accounts.revealToken(accountId(), 'access');
    expect(await panel.textContent()).not.toContain(token);
    await panel.getByRole('button', { name: 'Reveal access token' }).click();
    const box = panel.getByRole('textbox', { name: 'access token' });
    expect(await box.textContent()).toBe(token);
    await panel.getByRole('button', { name: 'Hide access token' }).click();
    await box.waitFor({ state: 'detached' });

    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('shows the page in dark mode', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '08-accounts-dark');
    await accountRow()
      .getByRole('button', { name: `Inspect ${ACCOUNT}` })
      .click();
    const panel = page.getByRole('dialog', { name: ACCOUNT });
    await panel.getByRole('region', { name: 'Introspection (RFC 7662)' }).waitFor();
    await screenshot(page, '09-inspect-dark');
    await panel.getByRole('button', { name: 'Close' }).click();
    await panel.waitFor({ state: 'detached' });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('revokes after confirming what the provider will revoke', async () => {
    const row = accountRow();
    await row.getByRole('button', { name: `More actions for ${ACCOUNT}` }).click();
    await page.getByRole('menuitem', { name: 'Revoke…' }).click();
    const confirm = page.getByRole('dialog', { name: `Revoke the tokens of ${ACCOUNT}?` });
    await confirm
      .getByText('Revokes the refresh token and the access token at Demo provider (RFC 7009)')
      .waitFor();
    await screenshot(page, '10-revoke-confirm');
    await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });

    await row.getByText('Revoked', { exact: true }).waitFor();
    await row.getByText('Revoked at Demo provider.').waitFor();
    // What the provider can no longer do is shown disabled, with the reason.
    const refresh = row.getByRole('button', { name: `Refresh ${ACCOUNT}` });
    expect(await refresh.getAttribute('aria-disabled')).toBe('true');
    expect(await accessibleDescription(refresh)).toBe('This account was revoked. Sign in again.');
    await row.getByRole('button', { name: `More actions for ${ACCOUNT}` }).click();
    const revokeItem = page.getByRole('menuitem', { name: 'Revoke…' });
    expect(await revokeItem.getAttribute('aria-disabled')).toBe('true');
    expect(await accessibleDescription(revokeItem)).toBe('Already revoked.');
    await screenshot(page, '11-revoked');
    await page.keyboard.press('Escape');

    await row.getByRole('button', { name: `Inspect ${ACCOUNT}` }).click();
    const panel = page.getByRole('dialog', { name: ACCOUNT });
    const introspection = panel.getByRole('region', { name: 'Introspection (RFC 7662)' });
    await introspection.waitFor();
    expect(await claim(introspection, 'active')).toBe('false');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('keeps several accounts per provider and signs a revoked one in again', async () => {
    // A fresh browser session, so the IdP asks who is signing in.
    await host.context.clearCookies();
    let opened = host.context.waitForEvent('page');
    await chooseSignIn(page, 'Add account at Demo provider', 'In the browser');
    (await completeIdpSignIn(opened, 'bob')).close().catch(() => undefined);
    const bob = page.locator('tbody.account', { hasText: 'bob@example.test' });
    await waitForText(bob, 'expires in 59 min');
    await waitForText(page.locator('.topbar'), '2 accounts · 1 needs sign-in');
    await screenshot(page, '12-two-accounts');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '13-two-accounts-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1000, height: 700 });
    await screenshot(page, '14-two-accounts-narrow');
    await page.setViewportSize({ width: 1280, height: 820 });

    await host.context.clearCookies();
    opened = host.context.waitForEvent('page');
    await accountRow()
      .getByRole('button', { name: `Sign in again as ${ACCOUNT}` })
      .click();
    (await completeIdpSignIn(opened, 'alice')).close().catch(() => undefined);
    await waitForText(accountRow(), 'expires in 59 min');
    expect(await accountRow().getByText('Revoked', { exact: true }).count()).toBe(0);
    expect(app.core.accounts.summaries().map((a) => [a.label, a.status])).toEqual([
      [ACCOUNT, 'active'],
      ['bob@example.test', 'active'],
    ]);
  });

  it('removes an account after saying it is not revoked at the provider', async () => {
    const bob = page.locator('tbody.account', { hasText: 'bob@example.test' });
    await bob.getByRole('button', { name: 'More actions for bob@example.test' }).click();
    await page.getByRole('menuitem', { name: 'Remove…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove bob@example.test?' });
    await confirm.getByText('They are not revoked at Demo provider').waitFor();
    await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
    await bob.waitFor({ state: 'detached' });
    expect(app.core.accounts.summaries().map((a) => a.label)).toEqual([ACCOUNT]);
  });

  it('works from the keyboard: menus and dialogs', async () => {
    const more = accountRow().getByRole('button', { name: `More actions for ${ACCOUNT}` });
    await more.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: `More actions for ${ACCOUNT}` });
    await menu.waitFor();
    expect(await focusedName()).toBe('Copy ID token');
    await page.keyboard.press('ArrowDown');
    expect(await focusedName()).toBe('Sign in again');
    await page.keyboard.press('End');
    expect(await focusedName()).toBe('Remove…');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await focusedName()).toBe(`More actions for ${ACCOUNT}`);

    // A dialog keeps Tab inside and hands focus back when it closes.
    const settings = page.getByRole('button', { name: 'Settings' });
    await settings.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.waitFor();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await containsFocus(dialog)).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedName()).toBe('Settings');
  });

  it('left no errors in the page console (CSP violations included)', () => {
    expect(host.pageErrors).toEqual([]);
  });
});

/** Whether focus is inside the element (evaluated in the page). */
function containsFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((el: FocusContainer) => el.contains(el.ownerDocument.activeElement));
}

interface FocusContainer {
  contains(other: unknown): boolean;
  ownerDocument: { activeElement: unknown };
}

/** The accessible name (aria-label or text) of the focused element. */
function focusedName(): Promise<string> {
  return page.evaluate(
    "(document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '').trim()",
  );
}

/** The value cell of a claim row in an inspection section. */
async function claim(section: Locator, name: string): Promise<string> {
  const row = section.getByRole('row').filter({
    has: section.page().getByRole('rowheader', { name, exact: true }),
  });
  return ((await row.getByRole('cell').textContent()) ?? '').trim();
}
