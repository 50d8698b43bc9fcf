/**
 * Secrets bound to where they came from, as a user meets it: the provider form warns before a
 * save that points the provider at another server (and asks for the client secret again), the
 * accounts then say "sign in again"; changing the vault's protection asks for the current
 * passphrase; the vault locks itself when the computer suspends.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { createBrowserCore, type BrowserCore } from '../support/browser-core.ts';
import { startBrowserHost, type BrowserHost } from '../support/browser-host.ts';
import { closedPort, screenshot, scrollDialog, waitForText } from '../support/browser-test-kit.ts';
import { confidentialClientInput } from '../support/oidc-provider-input.ts';
import { waitForFlow } from '../support/wait.ts';

const PASSPHRASE = 'a long and private passphrase';
const NEW_PASSPHRASE = 'another long passphrase';

let idp: TestIdp;
let app: BrowserCore;
let host: BrowserHost;
let page: Page;
let tokenEndpoint: string;

beforeAll(async () => {
  idp = await startOidcIdp();
  const discovery = (await (
    await fetch(`${idp.issuer}/.well-known/openid-configuration`)
  ).json()) as Record<string, string>;
  tokenEndpoint = discovery['token_endpoint']!;
  app = await createBrowserCore();
  await app.core.vault.create({ kind: 'passphrase', passphrase: PASSPHRASE });
  // A provider with endpoints typed by hand and one service account (client credentials).
  const provider = await app.core.providers.add(
    confidentialClientInput(idp.issuer, {
      name: 'Manual IdP',
      kind: 'oauth2',
      issuer: undefined,
      endpoints: {
        authorization: discovery['authorization_endpoint']!,
        token: tokenEndpoint,
        revocation: discovery['revocation_endpoint']!,
      },
      scopes: ['api:read'],
    }),
  );
  const flow = await app.core.signIn.start({
    providerId: provider.id,
    method: 'client-credentials',
  });
  expect((await waitForFlow(app.core, flow.id)).status).toBe('succeeded');
  host = await startBrowserHost({ core: app.core, systemBrowser: app.systemBrowser });
  page = host.page;
});

afterAll(async () => {
  await host?.close();
  await app?.close();
  await idp?.close();
});

describe('a provider pointed at another server', () => {
  it('is explained before saving, needs the client secret again, and flags its accounts', async () => {
    await page.getByRole('heading', { name: 'Manual IdP', level: 2 }).waitFor();
    const section = page.getByRole('region', { name: 'Manual IdP' });
    await section.getByRole('button', { name: 'Provider actions for Manual IdP' }).click();
    await page.getByRole('menuitem', { name: 'Edit provider…' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Manual IdP' });
    await edit
      .getByText('A secret is stored for this provider. Leave this empty to keep it.')
      .waitFor();
    expect(await edit.getByText('Saving points this provider at another server').count()).toBe(0);

    // A typo in the port: another origin.
    const elsewhere = `http://127.0.0.1:${await closedPort()}`;
    await edit.getByLabel('Token endpoint').fill(`${elsewhere}/token`);
    const warning = edit.getByText('Saving points this provider at another server');
    await warning.waitFor();
    const notice = edit.locator('.notice--warn', {
      hasText: 'Saving points this provider at another server',
    });
    const text = await notice.textContent();
    expect(text).toContain(`Token endpoint: ${tokenEndpoint} → ${elsewhere}/token`);
    expect(text).toContain('Enter the client secret again');
    expect(text).toContain('every account of this provider will need to sign in again');
    // The stored secret no longer carries over: the field asks for it.
    expect(
      await edit
        .getByText('A secret is stored for this provider. Leave this empty to keep it.')
        .count(),
    ).toBe(0);
    await scrollDialog(edit);
    await screenshot(page, '60-provider-moved-warning');

    // Saving without the secret is refused by main with the same reason.
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await waitForText(edit.getByRole('alert'), /Enter the client secret (again|for)/);
    expect(app.core.providers.list()[0]?.endpoints.token).toBe(tokenEndpoint);

    // Back to the saved address: no warning, and the stored secret is kept again.
    await edit.getByLabel('Token endpoint').fill(tokenEndpoint);
    await warning.waitFor({ state: 'detached' });

    await edit.getByLabel('Token endpoint').fill(`${elsewhere}/token`);
    await edit.getByLabel('Client secret').fill('a-secret-typed-for-the-new-server');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });

    const row = page.locator('tbody.account').first();
    await waitForText(row, /Sign in again/);
    expect(await row.textContent()).toContain('the token endpoint moved');
    await screenshot(page, '61-accounts-sign-in-again');
    expect(app.core.accounts.summaries()[0]?.status).toBe('reauth-required');
  });
});

describe('changing the vault protection', () => {
  it('asks for the current passphrase, refuses a wrong one, and changes with the right one', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByLabel('Lock by itself').waitFor();
    expect(await dialog.getByLabel('Lock by itself').inputValue()).toBe('passphrase');
    expect(await dialog.getByLabel('Idle time').inputValue()).toBe('10');
    await dialog.getByRole('button', { name: 'Change passphrase' }).click();
    const form = dialog.getByRole('form', { name: 'New passphrase' });
    await form.getByLabel('Current passphrase').fill('not my passphrase');
    await form.getByLabel('Master passphrase').fill(NEW_PASSPHRASE);
    await form.getByLabel('Confirm passphrase').fill(NEW_PASSPHRASE);
    await form.getByRole('button', { name: 'Change passphrase' }).click();
    await form.getByText('That is not the current passphrase. Nothing was changed.').waitFor();
    expect(await form.getByLabel('Current passphrase').getAttribute('aria-invalid')).toBe('true');
    await scrollDialog(dialog, 'end');
    await screenshot(page, '62-current-passphrase-wrong');

    await form.getByLabel('Current passphrase').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Change passphrase' }).click();
    await dialog.getByText('Passphrase changed.').waitFor();
    await screenshot(page, '63-passphrase-changed');

    // Idle time follows the setting.
    const minutes = dialog.getByLabel('Idle time');
    await minutes.fill('0');
    await minutes.press('Enter');
    await dialog.getByText('Enter a whole number of minutes from 1 to 1440.').waitFor();
    await minutes.fill('5');
    await minutes.press('Enter');
    await dialog.getByText('Saved').waitFor();
    expect(app.core.metadata.getSettings()).toMatchObject({
      autoLock: 'passphrase',
      autoLockMinutes: 5,
    });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('locks when the computer suspends, and opens with the new passphrase only', async () => {
    app.core.autoLock.powerEvent('suspend');
    await page.getByRole('heading', { name: 'Unlock Token Desk' }).waitFor();
    await page.getByLabel('Master passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page
      .getByText('That passphrase does not unlock this vault. Check it and try again.')
      .waitFor();
    await page.getByLabel('Master passphrase').fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Manual IdP', level: 2 }).waitFor();
  });

  it('asks for the current passphrase before switching to the keychain', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('button', { name: 'Use the system keychain' }).click();
    const form = dialog.getByRole('form', { name: 'Switch to the system keychain' });
    await form.getByRole('button', { name: 'Switch to the keychain' }).click();
    await form.getByText('Enter your current passphrase.').waitFor();
    await form.getByLabel('Current passphrase').fill(NEW_PASSPHRASE);
    await scrollDialog(dialog, 'end');
    await screenshot(page, '64-switch-to-keychain');
    await form.getByRole('button', { name: 'Switch to the keychain' }).click();
    await dialog.getByText('The vault is now protected by the system keychain.').waitFor();
    expect((await app.core.vaultStatus()).protection).toBe('os-keychain');
    await page.keyboard.press('Escape');
  });

  it('left no errors in the page console', () => {
    expect(host.pageErrors).toEqual([]);
  });
});
