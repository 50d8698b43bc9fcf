/**
 * The unhappy and less travelled paths, as a user meets them: a wrong passphrase, an issuer
 * that cannot be reached, settings, a token that runs out while you watch, locking, and a
 * damaged vault file.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_ID } from '../../main/core/providers/presets.ts';
import {
  CONFIDENTIAL_CLIENT_ID,
  CONFIDENTIAL_CLIENT_SECRET,
  startOidcIdp,
  type TestIdp,
} from '../servers/oidc-idp.ts';
import { createBrowserCore, type BrowserCore } from '../support/browser-core.ts';
import { startBrowserHost, type BrowserHost } from '../support/browser-host.ts';
import { TestKeychain } from '../support/test-keychain.ts';
import {
  chooseSignIn,
  closedPort,
  completeIdpSignIn,
  screenshot,
  waitForText,
} from '../support/browser-test-kit.ts';
import { registerSecret } from '../support/leak-detector.ts';

const PASSPHRASE = 'a long and private passphrase';
registerSecret(PASSPHRASE, 'passphrase');
/** Short enough to watch the expiry run out within a test. */
const ACCESS_TOKEN_TTL_SECONDS = 6;

let idp: TestIdp;
let app: BrowserCore;
let host: BrowserHost;
let page: Page;

beforeAll(async () => {
  idp = await startOidcIdp({
    devInteractions: true,
    extraNativeClientIds: [DEMO_CLIENT_ID],
    accessTokenTtl: ACCESS_TOKEN_TTL_SECONDS,
  });
  app = await createBrowserCore();
  // A returning user: the vault exists and is locked behind a passphrase.
  await app.core.vault.create({ kind: 'passphrase', passphrase: PASSPHRASE });
  app.core.vault.lock();
  host = await startBrowserHost({ core: app.core, systemBrowser: app.systemBrowser });
  page = host.page;
});

afterAll(async () => {
  await host?.close();
  await app?.close();
  await idp?.close();
});

describe('vault, settings and errors', () => {
  it('says so when the passphrase is wrong, and keeps what was typed', async () => {
    await page.getByRole('heading', { name: 'Unlock Token Desk' }).waitFor();
    const field = page.getByLabel('Master passphrase');
    await field.fill('not the passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page
      .getByText('That passphrase does not unlock this vault. Check it and try again.')
      .waitFor();
    expect(await field.inputValue()).toBe('not the passphrase');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect((await app.core.vaultStatus()).state).toBe('locked');
    await screenshot(page, '20-unlock-error');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '20-unlock-error-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await field.fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'All your OAuth tokens, at hand' }).waitFor();
  });

  it('shows why a provider could not be added next to the form, keeping the input', async () => {
    const port = await closedPort();
    await page.getByRole('button', { name: 'Add provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a provider' });
    await screenshot(page, '21-provider-templates');
    await dialog.getByRole('button', { name: /^Custom provider/ }).click();
    await dialog.getByLabel('Name').fill('Unreachable IdP');
    await dialog.getByLabel('Issuer URL').fill(`http://127.0.0.1:${port}`);
    await dialog.getByLabel('Client ID').fill('some-client');
    await dialog.getByRole('button', { name: 'Add provider' }).click();

    const alert = dialog.getByRole('alert');
    await waitForText(alert, `Could not load the OpenID configuration of http://127.0.0.1:${port}`);
    expect(await alert.textContent()).toContain('the connection was refused');
    expect(await dialog.getByLabel('Issuer URL').inputValue()).toBe(`http://127.0.0.1:${port}`);
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Unreachable IdP');
    await screenshot(page, '22-provider-error');

    // The client secret field appears only for a confidential client, as a password field.
    await dialog.getByLabel('Client authentication').selectOption('client_secret_basic');
    expect(await dialog.getByLabel('Client secret').getAttribute('type')).toBe('password');

    // Other kinds bring their own server field: the real PeerID and Pi hosts, the user's PlaceOS.
    await dialog.getByText('Peerplays', { exact: true }).click();
    expect(await dialog.getByLabel('PeerID URL').inputValue()).toBe(
      'https://peerid.peerplays.download',
    );
    await dialog.getByText('Your domain', { exact: true }).click();
    expect(await dialog.getByLabel('PlaceOS URL').inputValue()).toBe('');
    expect(await dialog.getByLabel('Scopes').inputValue()).toBe('public');
    await dialog.getByText('Pasted tokens', { exact: true }).click();
    expect(await dialog.getByLabel('Pi API URL').inputValue()).toBe('https://api.minepi.com');
    expect(await dialog.getByLabel('Client ID').count()).toBe(0);
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Unreachable IdP');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(app.core.providers.summaries()).toEqual([]);
  });

  it('adds a confidential client and keeps its stored secret when editing', async () => {
    await page.getByRole('button', { name: 'Add a provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a provider' });
    await dialog.getByRole('button', { name: /^Custom provider/ }).click();
    await dialog.getByLabel('Name').fill('Confidential IdP');
    await dialog.getByLabel('Issuer URL').fill(idp.issuer);
    await dialog.getByLabel('Client ID').fill(CONFIDENTIAL_CLIENT_ID);
    await dialog.getByLabel('Client authentication').selectOption('client_secret_basic');
    await dialog.getByLabel('Client secret').fill(CONFIDENTIAL_CLIENT_SECRET);
    await dialog.getByRole('radio', { name: /^Custom scheme/ }).check();
    await dialog.getByText('io.github.tokendesk:/oauth/callback').waitFor();
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'detached' });

    const section = page.getByRole('region', { name: 'Confidential IdP' });
    await section.getByRole('button', { name: 'Provider actions for Confidential IdP' }).click();
    await page.getByRole('menuitem', { name: 'Edit provider…' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Confidential IdP' });
    await edit
      .getByText('A secret is stored for this provider. Leave this empty to keep it.')
      .waitFor();
    expect(await edit.getByLabel('Client secret').inputValue()).toBe('');
    await edit.getByLabel('Name').fill('Confidential IdP (staging)');
    await screenshot(page, '23-provider-edit');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Confidential IdP (staging)', level: 2 }).waitFor();
    expect(app.core.providers.summaries()).toMatchObject([
      {
        name: 'Confidential IdP (staging)',
        clientAuth: 'client_secret_basic',
        hasClientSecret: true,
        redirectKind: 'custom-scheme',
      },
    ]);
  });

  it('says what an OAuth 2.0 provider with manual endpoints cannot do', async () => {
    await page.getByRole('button', { name: 'Add provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a provider' });
    await dialog.getByRole('button', { name: /^Custom provider/ }).click();
    await dialog.getByText('Endpoints by hand').click();
    await dialog.getByLabel('Name').fill('Manual OAuth');
    await dialog.getByLabel(/^Authorization endpoint/).fill(`${idp.issuer}/auth`);
    await dialog.getByLabel('Token endpoint').fill(`${idp.issuer}/token`);
    await dialog.getByLabel('Client ID').fill(DEMO_CLIENT_ID);
    await dialog.getByLabel('Scopes').fill('');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'detached' });

    const section = page.getByRole('region', { name: 'Manual OAuth' });
    const limits = section.getByRole('list', { name: 'Not supported by this provider' });
    expect(await limits.textContent()).toBe('no revocationno introspection');
    await screenshot(page, '24-provider-limits');

    await section.getByRole('button', { name: 'Provider actions for Manual OAuth' }).click();
    await page.getByRole('menuitem', { name: 'Remove provider…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove Manual OAuth?' });
    await confirm.getByRole('button', { name: 'Remove provider' }).click();
    await section.waitFor({ state: 'detached' });
    expect(app.core.providers.summaries().map((p) => p.name)).toEqual([
      'Confidential IdP (staging)',
    ]);
  });

  it('cancels a sign-in that waits for the browser', async () => {
    const opened = host.context.waitForEvent('page');
    await chooseSignIn(page, 'Sign in to Confidential IdP (staging)', 'In the browser');
    const tab = await opened;
    const card = page.getByRole('region', { name: 'Sign-in to Confidential IdP (staging)' });
    await card.getByText(/in your browser…/).waitFor();
    await card.getByRole('button', { name: 'Cancel' }).click();
    await card.getByText('Sign-in to Confidential IdP (staging) cancelled').waitFor();
    await tab.close();
  });

  it('saves settings as they are changed', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByLabel('Refresh tokens in the background').uncheck();
    await dialog.getByText('Saved').waitFor();
    const seconds = dialog.getByLabel('Clear copied tokens after');
    await seconds.fill('abc');
    await seconds.press('Enter');
    await dialog.getByText('Enter a whole number of seconds from 0 to 3600.').waitFor();
    await seconds.fill('10');
    await seconds.press('Enter');
    await dialog.getByText('Saved').waitFor();
    const perProvider = dialog.getByLabel('At one provider');
    await perProvider.fill('20');
    await perProvider.press('Enter');
    await dialog.getByText('Enter a whole number of refreshes from 1 to 16.').waitFor();
    await perProvider.fill('2');
    await dialog.getByLabel('Refreshes at once').fill('8');
    await dialog.getByLabel('Refreshes at once').press('Enter');
    await expect.poll(() => app.core.metadata.getSettings().refreshConcurrency).toBe(8);
    expect(app.core.metadata.getSettings()).toEqual({
      clipboardClearSeconds: 10,
      autoRefresh: false,
      autoLock: 'passphrase',
      autoLockMinutes: 10,
      scriptsEnabled: false,
      refreshConcurrency: 8,
      refreshPerProvider: 2,
    });
    await dialog.getByText('Protected by a master passphrase.').waitFor();
    await screenshot(page, '25-settings');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('counts a short-lived token down to expired', async () => {
    // A custom provider, typed by hand, with prompt=consent from the quick-add row.
    await page.getByRole('button', { name: 'Add provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a provider' });
    await dialog.getByRole('button', { name: /^Custom provider/ }).click();
    await dialog.getByLabel('Name').fill('Short-lived IdP');
    await dialog.getByLabel('Issuer URL').fill(idp.issuer);
    await dialog.getByLabel('Client ID').fill(DEMO_CLIENT_ID);
    await dialog.getByRole('button', { name: 'prompt' }).click();
    await dialog.getByLabel('prompt value').fill('consent');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'detached' });
    const added = app.core.providers.summaries().find((p) => p.name === 'Short-lived IdP');
    expect(added?.authParams).toEqual({ prompt: 'consent' });

    const opened = host.context.waitForEvent('page');
    await chooseSignIn(page, 'Sign in to Short-lived IdP', 'In the browser');
    (await completeIdpSignIn(opened, 'bob')).close().catch(() => undefined);

    const row = page.locator('tbody.account', { hasText: 'bob@example.test' });
    await waitForText(row, /expires in \d s/);
    const expiry = row.locator('time.expiry__text');
    expect(await expiry.getAttribute('aria-label')).toMatch(/\(soon\)$/);
    await waitForText(row, /expired (just now|\d s ago)/, 15_000);
    await screenshot(page, '26-expired');

    await row.getByRole('button', { name: 'Refresh bob@example.test' }).click();
    await waitForText(row, /expires in \d s/);
  });

  it('locks the vault and asks for the passphrase again', async () => {
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock Token Desk' }).waitFor();
    expect((await app.core.vaultStatus()).state).toBe('locked');
    await page.getByLabel('Master passphrase').fill(PASSPHRASE);
    await page.getByLabel('Master passphrase').press('Enter');
    await page.getByRole('heading', { name: 'Short-lived IdP', level: 2 }).waitFor();
  });

  it('left no errors in the page console', () => {
    expect(host.pageErrors).toEqual([]);
  });
});

describe('a damaged vault file', () => {
  let damaged: BrowserCore;
  let damagedHost: BrowserHost;

  beforeAll(async () => {
    damaged = await createBrowserCore({
      beforeStart: (dir) =>
        writeFile(join(dir, 'vault.json'), '{ "format": "token-desk-vault", "ver'),
    });
    damagedHost = await startBrowserHost({ core: damaged.core });
  });

  afterAll(async () => {
    await damagedHost?.close();
    await damaged?.close();
  });

  it('is explained, with its path, and can be set aside for a new vault', async () => {
    const view = damagedHost.page;
    await view.getByRole('heading', { name: 'The vault cannot be opened' }).waitFor();
    await view.getByText('The vault file is damaged: it is not valid JSON.').waitFor();
    await view.getByText(join(damaged.dir, 'vault.json')).waitFor();
    await screenshot(view, '27-vault-corrupt');

    await view
      .getByRole('button', { name: 'Set the damaged file aside and start a new vault' })
      .click();
    const confirm = view.getByRole('dialog', { name: 'Start a new vault?' });
    await confirm.getByRole('button', { name: 'Set aside and start over' }).click();
    await view.getByRole('heading', { name: 'Set up your vault' }).waitFor();
    await view.getByText('The damaged vault file was set aside.').waitFor();
    const aside = (await readdir(damaged.dir)).find((name) => name.includes('.damaged-'));
    expect(aside).toBeDefined();
    await view.getByText(join(damaged.dir, aside!)).waitFor();
    expect(damagedHost.pageErrors).toEqual([]);
  });
});

describe('a keychain that will not open the vault', () => {
  let dir: string;
  let keychain: TestKeychain;
  let refused: BrowserCore;
  let refusedHost: BrowserHost;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'token-desk-e2e-keychain-'));
    keychain = new TestKeychain();
    const first = await createBrowserCore({ dir, keychain });
    await first.core.vault.create({ kind: 'os-keychain' });
    await first.close();
    // The next start finds the keychain locked, as after an OS keyring reset or a new session.
    keychain.available = false;
    refused = await createBrowserCore({ dir, keychain });
    refusedHost = await startBrowserHost({ core: refused.core });
  });

  afterAll(async () => {
    await refusedHost?.close();
    await refused?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('says so, retries on request, and opens once the keychain answers', async () => {
    const view = refusedHost.page;
    await view.getByRole('heading', { name: 'The keychain did not open the vault' }).waitFor();
    const retry = view.getByRole('button', { name: 'Try again' });
    await retry.click();
    await waitForText(view.getByRole('alert'), 'The keychain still did not open the vault.');
    await screenshot(view, '28-keychain-refused');

    keychain.available = true;
    await retry.click();
    await view.getByRole('heading', { name: 'All your OAuth tokens, at hand' }).waitFor();
    expect((await refused.core.vaultStatus()).state).toBe('unlocked');
    expect(refusedHost.pageErrors).toEqual([]);
  });
});
