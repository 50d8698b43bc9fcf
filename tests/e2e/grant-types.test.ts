/**
 * The sign-in methods beyond the browser, against a real OpenID provider: device
 * authorization (code and QR code, approved and denied), the password grant with its warning,
 * and client credentials for a confidential client with an extra token parameter.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONFIDENTIAL_CLIENT_ID,
  CONFIDENTIAL_CLIENT_SECRET,
  decideDeviceCode,
  startOidcIdp,
  testPassword,
  type TestIdp,
} from '../servers/oidc-idp.ts';
import { createBrowserCore, type BrowserCore } from '../support/browser-core.ts';
import { startBrowserHost, type BrowserHost } from '../../scripts/browser/browser-host.ts';
import { nativeClientInput } from '../support/oidc-provider-input.ts';
import {
  accessibleDescription,
  chooseSignIn,
  openedTab,
  screenshot,
  scrollDialog,
  waitForText,
} from '../support/browser-test-kit.ts';

const PROVIDER = 'Test IdP';
const SERVICE = 'Service IdP';
const SERVICE_LABEL = `${CONFIDENTIAL_CLIENT_ID} (client credentials)`;

let idp: TestIdp;
let app: BrowserCore;
let host: BrowserHost;
let page: Page;

beforeAll(async () => {
  idp = await startOidcIdp({ devicePollInterval: 1 });
  app = await createBrowserCore();
  await app.core.vault.create({ kind: 'os-keychain' });
  // This file is about signing in; adding providers through the form is covered elsewhere.
  await app.core.providers.add(nativeClientInput(idp.issuer, { name: PROVIDER }));
  host = await startBrowserHost({ core: app.core, systemBrowser: app.systemBrowser });
  page = host.page;
});

afterAll(async () => {
  await host?.close();
  await app?.close();
  await idp?.close();
});

const section = (name: string) => page.getByRole('region', { name, exact: true });
const row = (provider: string, label: string) =>
  section(provider).locator('tbody.account', { hasText: label });
const deviceCard = () => page.getByRole('region', { name: `Sign-in to ${PROVIDER}` }).last();

describe('device authorization (RFC 8628)', () => {
  it('shows the code, the verification page and a QR code, and signs in once approved', async () => {
    await page.getByRole('button', { name: `Sign in to ${PROVIDER}` }).click();
    const menu = page.getByRole('menu', { name: `Sign in to ${PROVIDER}` });
    const clientCredentials = menu.getByRole('menuitem', { name: 'Client credentials' });
    expect(await accessibleDescription(clientCredentials)).toMatch(/confidential client/);
    await menu.getByRole('menuitem', { name: 'With a code on another device' }).click();

    const card = deviceCard();
    const code = card.getByRole('group', { name: 'Your code' });
    const userCode = await waitForText(code, /^[A-Z]{4}-[A-Z]{4}$/);
    const flow = app.core.signIn.list().find((f) => f.method === 'device-code')!;
    expect(userCode).toBe(flow.device?.userCode);
    await card.getByText(`${idp.issuer}/device`, { exact: true }).waitFor();
    await waitForText(card, /\d:\d\d left/);
    const qr = card.getByRole('img', { name: /^QR code of / });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await qr.getAttribute('alt')).toBe(`QR code of ${flow.device?.verificationUriComplete}`);
    await card.getByRole('button', { name: 'Copy the code' }).click();
    await card.getByRole('button', { name: 'Code copied' }).waitFor();
    // The QR code is an image, never SVG markup in the page.
    expect(await card.locator('svg[shape-rendering]').count()).toBe(0);
    await screenshot(page, '41-device-code');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '41-device-code-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    const opened = host.context.waitForEvent('page');
    await card.getByRole('button', { name: 'Open verification page' }).click();
    const tab = await openedTab(opened);
    expect(tab.url().startsWith(`${idp.issuer}/device`)).toBe(true);
    await tab.close();

    await decideDeviceCode(idp, userCode, 'carol', 'approve');
    await card.getByText('Signed in as carol@example.test').waitFor();
    await waitForText(row(PROVIDER, 'carol@example.test'), 'expires in 59 min');
    expect(app.core.accounts.summaries()).toMatchObject([
      { label: 'carol@example.test', signInMethod: 'device-code', hasRefreshToken: true },
    ]);
  });

  it('says so when the code is denied, and offers a new one', async () => {
    await chooseSignIn(page, `Add account at ${PROVIDER}`, 'With a code on another device');
    const card = deviceCard();
    const userCode = await waitForText(
      card.getByRole('group', { name: 'Your code' }),
      /^[A-Z]{4}-[A-Z]{4}$/,
    );
    await decideDeviceCode(idp, userCode, 'carol', 'deny');
    const failed = page
      .getByRole('region', { name: `Sign-in to ${PROVIDER}` })
      .filter({ hasText: 'did not complete' });
    await waitForText(failed.getByRole('alert'), /denied/);
    await failed.getByRole('button', { name: 'Get a new code' }).waitFor();
    await screenshot(page, '42-device-denied');
    await failed.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await failed.waitFor({ state: 'detached' });
  });
});

describe('password grant', () => {
  it('warns first, keeps the user name after a wrong password, then signs in', async () => {
    // From the keyboard: the chooser opens on its first method; the form starts in its first field.
    await page.getByRole('button', { name: `Add account at ${PROVIDER}` }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Sign in to ${PROVIDER}` });
    await dialog.getByText(/^Discouraged: the app sees your password/).waitFor();
    await page.keyboard.type('dave');
    expect(await dialog.getByLabel('User name').inputValue()).toBe('dave');
    await dialog.getByLabel('Password').fill('wrong');
    await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitForText(dialog.getByRole('alert'), /rejected the user name or password/);
    expect(await dialog.getByLabel('User name').inputValue()).toBe('dave');
    expect(await dialog.getByLabel('Password').inputValue()).toBe('');
    await screenshot(page, '43-password-grant');

    await dialog.getByLabel('Password').fill(testPassword('dave'));
    await dialog.getByLabel('Password').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const dave = row(PROVIDER, 'dave@example.test');
    await waitForText(dave, 'expires in 59 min');
    expect(
      app.core.accounts.summaries().find((a) => a.label === 'dave@example.test')?.signInMethod,
    ).toBe('password');
  });

  it('signs the account in again with the password form, its name filled in', async () => {
    await row(PROVIDER, 'dave@example.test')
      .getByRole('button', { name: 'More actions for dave@example.test' })
      .click();
    await page.getByRole('menuitem', { name: 'Sign in again' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in again as dave@example.test' });
    expect(await dialog.getByLabel('User name').inputValue()).toBe('dave@example.test');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});

describe('client credentials', () => {
  it('adds a confidential client with a token parameter from the quick-add row', async () => {
    await page.getByRole('button', { name: 'Add provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a provider' });
    await dialog.getByRole('button', { name: /^Custom provider/ }).click();
    await dialog.getByLabel('Name').fill(SERVICE);
    await dialog.getByLabel('Issuer URL').fill(idp.issuer);
    await dialog.getByLabel('Client ID').fill(CONFIDENTIAL_CLIENT_ID);
    await dialog.getByLabel('Client authentication').selectOption('client_secret_basic');
    await dialog.getByLabel('Client secret').fill(CONFIDENTIAL_CLIENT_SECRET);
    await dialog.getByLabel('Scopes').fill('api:read');
    await dialog.getByRole('button', { name: 'Add audience to token parameters' }).click();
    await dialog.getByLabel('Token parameters: audience value').fill('https://api.example.test');
    await scrollDialog(dialog, 'end');
    await screenshot(page, '44-token-parameters');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(app.core.providers.summaries().find((p) => p.name === SERVICE)?.tokenParams).toEqual({
      audience: 'https://api.example.test',
    });
  });

  it('requests a token in one click, and "refresh" requests a new one', async () => {
    await page.getByRole('button', { name: `Sign in to ${SERVICE}` }).click();
    const item = page
      .getByRole('menu', { name: `Sign in to ${SERVICE}` })
      .getByRole('menuitem', { name: 'Client credentials' });
    expect(await accessibleDescription(item)).toBe(
      `A token for the client ${CONFIDENTIAL_CLIENT_ID} itself, without a user.`,
    );
    await item.click();
    const service = row(SERVICE, SERVICE_LABEL);
    await waitForText(service, 'expires in 9 min');
    expect(await service.textContent()).toContain('Issued just now');
    expect(idp.tokenRequests.at(-1)).toMatchObject({
      grant_type: 'client_credentials',
      audience: 'https://api.example.test',
    });

    await service.getByRole('button', { name: `Request new token ${SERVICE_LABEL}` }).click();
    await page
      .getByRole('status', { name: 'Notifications' })
      .getByText('New token received')
      .waitFor();
    await waitForText(service, 'Renewed just now');
    await screenshot(page, '45-grant-types');
  });

  it('left no errors in the page console', () => {
    expect(host.pageErrors).toEqual([]);
  });
});
