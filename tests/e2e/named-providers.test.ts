/**
 * PeerID, PlaceOS and Pi Network as a user meets them, in real Chromium against the real core
 * and the stand-in servers: each added from its template, an account added the way that
 * provider allows, its expiry, what Inspect verifies, and which actions it offers (and why
 * not the others). The steps share one app window and run in order.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PEERID_CLIENT_ID,
  PEERID_CLIENT_SECRET,
  PEERID_OTHER_USER,
  PEERID_USER,
  startPeerIdServer,
  type PeerIdServer,
} from '../servers/peerid-server.ts';
import { PI_DEFAULT_UID, startPiServer, type PiServer } from '../servers/pi-server.ts';
import {
  PLACEOS_PUBLIC_CLIENT_ID,
  PLACEOS_USER,
  startPlaceOsServer,
  type PlaceOsServer,
} from '../servers/placeos-server.ts';
import { createBrowserCore, type BrowserCore } from '../support/browser-core.ts';
import { startBrowserHost, type BrowserHost } from '../../scripts/browser/browser-host.ts';
import {
  accessibleDescription,
  approvePeerIdConsent,
  chooseSignIn,
  completePlaceOsSignIn,
  screenshot,
  scrollDialog,
  waitForText,
} from '../support/browser-test-kit.ts';

let peerid: PeerIdServer;
let placeos: PlaceOsServer;
let pi: PiServer;
let app: BrowserCore;
let host: BrowserHost;
let page: Page;

beforeAll(async () => {
  [peerid, placeos, pi] = await Promise.all([
    startPeerIdServer(),
    startPlaceOsServer({ variant: 'newer' }),
    startPiServer(),
  ]);
  app = await createBrowserCore();
  await app.core.vault.create({ kind: 'os-keychain' });
  host = await startBrowserHost({ core: app.core, systemBrowser: app.systemBrowser });
  page = host.page;
});

afterAll(async () => {
  await host?.close();
  await app?.close();
  await Promise.all([peerid?.close(), placeos?.close(), pi?.close()]);
});

const section = (name: string) => page.getByRole('region', { name, exact: true });
const row = (provider: string, label: string) =>
  section(provider).locator('tbody.account', { hasText: label });
const toasts = () => page.getByRole('status', { name: 'Notifications' });

/** Opens "Add a provider" and picks a template. */
async function openTemplate(template: RegExp): Promise<Locator> {
  const button = page.getByRole('button', { name: /^Add (a )?provider$/ }).first();
  await button.click();
  const dialog = page.getByRole('dialog', { name: 'Add a provider' });
  await dialog.getByRole('button', { name: template }).click();
  return dialog;
}

/** The description of a row's action (the reason it is unavailable). */
async function menuReason(trigger: Locator, item: string): Promise<string> {
  await trigger.click();
  const entry = page.getByRole('menuitem', { name: item });
  expect(await entry.getAttribute('aria-disabled')).toBe('true');
  const reason = await accessibleDescription(entry);
  await page.keyboard.press('Escape');
  return reason;
}

/** Opens Inspect and returns the named section once it is there. */
async function inspect(target: Locator, label: string, sectionName: string) {
  await target.getByRole('button', { name: `Inspect ${label}` }).click();
  const panel = page.getByRole('dialog', { name: label });
  const found = panel.getByRole('region', { name: sectionName });
  await found.waitFor();
  return { panel, section: found };
}

async function closePanel(panel: Locator) {
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
}

describe('PeerID', () => {
  it('is added from its template with the stand-in as its URL', async () => {
    const dialog = await openTemplate(/^PeerID \(Peerplays\)/);
    await dialog.getByText(/Password sign-in works everywhere/).waitFor();
    await dialog.getByText('Setup guide').waitFor();
    // The template asks for its own fields once; the form does not repeat them.
    expect(await dialog.getByLabel('App ID').count()).toBe(0);
    const secret = dialog.getByLabel('Client secret');
    expect(await secret.getAttribute('type')).toBe('password');
    const url = dialog.getByLabel('PeerID URL');
    expect(await url.inputValue()).toBe('https://peerid.peerplays.download');
    await url.fill(peerid.baseUrl);
    await dialog.getByLabel('Client ID').fill(String(PEERID_CLIENT_ID));
    await secret.fill(PEERID_CLIENT_SECRET);
    await scrollDialog(dialog);
    await screenshot(page, '30-peerid-template');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'detached' });

    const peer = section('PeerID');
    await waitForText(
      peer,
      'No accounts yet. Add one with a user name and password or in the browser.',
    );
    expect(
      await peer.getByRole('list', { name: 'Not supported by this provider' }).textContent(),
    ).toBe('no revocation');
    await peer
      .getByRole('list', { name: 'About PeerID' })
      .getByText(/The grant stays on PeerID until you remove the app/)
      .waitFor();
  });

  it('signs in with a password: a wrong one is refused under the form, the login kept', async () => {
    await page.getByRole('button', { name: 'Sign in to PeerID' }).click();
    const menu = page.getByRole('menu', { name: 'Sign in to PeerID' });
    const browser = menu.getByRole('menuitem', { name: 'In the browser', exact: true });
    expect(await accessibleDescription(browser)).toMatch(/redirects only to domains registered/);
    await screenshot(page, '31-peerid-chooser');
    await menu.getByRole('menuitem', { name: 'User name and password' }).click();

    const dialog = page.getByRole('dialog', { name: 'Sign in to PeerID' });
    const login = dialog.getByLabel('Login');
    const password = dialog.getByLabel('Password');
    await login.fill(PEERID_USER.username);
    await password.fill('not the password');
    await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
    const alert = dialog.getByRole('alert');
    await waitForText(alert, 'PeerID did not accept these credentials.');
    expect(await alert.textContent()).toContain('login: Invalid email/username or password');
    expect(await login.inputValue()).toBe(PEERID_USER.username);
    expect(await password.inputValue()).toBe('');
    await screenshot(page, '32-peerid-password-error');

    await password.fill(PEERID_USER.password);
    await password.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const alice = row('PeerID', PEERID_USER.username);
    // PeerID tokens live until local midnight three months ahead.
    await waitForText(alice, /expires in (2|3) months/);
    expect(await alice.textContent()).toContain('user 1');
    expect(app.core.accounts.summaries()).toMatchObject([
      { label: PEERID_USER.username, signInMethod: 'password', hasRefreshToken: true },
    ]);
  });

  it('verifies the token with PeerID and says why it cannot be revoked', async () => {
    const alice = row('PeerID', PEERID_USER.username);
    const { panel, section: check } = await inspect(
      alice,
      PEERID_USER.username,
      'PeerID token check (operations call)',
    );
    await check.getByText('OK', { exact: true }).waitFor();
    await closePanel(panel);

    const refresh = alice.getByRole('button', { name: `Refresh ${PEERID_USER.username}` });
    expect(await refresh.getAttribute('aria-disabled')).toBeNull();
    const more = alice.getByRole('button', { name: `More actions for ${PEERID_USER.username}` });
    expect(await menuReason(more, 'Revoke…')).toMatch(/^PeerID has no revocation for apps/);

    await more.click();
    await page.getByRole('menuitem', { name: 'Remove…' }).click();
    const confirm = page.getByRole('dialog', { name: `Remove ${PEERID_USER.username}?` });
    await confirm
      .getByText(/The grant stays on PeerID until you remove the app from your PeerID account/)
      .waitFor();
    await screenshot(page, '33-peerid-remove');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
  });

  it('adds an account through PeerID’s consent page in the browser', async () => {
    const opened = host.context.waitForEvent('page');
    await chooseSignIn(page, 'Add account at PeerID', 'In the browser');
    const card = page.getByRole('region', { name: 'Sign-in to PeerID' }).last();
    await card.getByText(/PeerID redirects only to domains registered/).waitFor();
    (await approvePeerIdConsent(opened, PEERID_OTHER_USER.username, PEERID_OTHER_USER.password))
      .close()
      .catch(() => undefined);
    await waitForText(card, /Signed in as /);
    const bob = app.core.accounts.summaries().find((a) => a.signInMethod === 'authorization-code');
    expect(bob?.subject).toBe(String(PEERID_OTHER_USER.id));
    await card.getByText(`Signed in as ${bob?.label}`).waitFor();
    await waitForText(row('PeerID', bob!.label), /expires in (2|3) months/);
    expect(peerid.stats().codeExchanges).toBe(1);
  });
});

describe('PlaceOS (newer service)', () => {
  it('is added from its template, which needs the user’s PlaceOS URL', async () => {
    const dialog = await openTemplate(/^PlaceOS/);
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.getByText('PlaceOS URL is needed.').waitFor();
    await dialog.getByText('Client ID is needed.').waitFor();
    await dialog.getByLabel('PlaceOS URL').fill(placeos.baseUrl);
    await dialog.getByLabel('Client ID').fill(PLACEOS_PUBLIC_CLIENT_ID);
    await scrollDialog(dialog);
    await screenshot(page, '34-placeos-template');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'detached' });
    await section('PlaceOS')
      .getByRole('list', { name: 'About PlaceOS' })
      .getByText(/an access token already issued keeps working until it expires/)
      .waitFor();
  });

  it('offers its methods with their warnings, and says why client credentials are missing', async () => {
    await page.getByRole('button', { name: 'Sign in to PlaceOS' }).click();
    const menu = page.getByRole('menu', { name: 'Sign in to PlaceOS' });
    const item = (name: string) => menu.getByRole('menuitem', { name, exact: true });
    expect(await accessibleDescription(item('In the browser (implicit flow)'))).toMatch(
      /^Deprecated/,
    );
    expect(await accessibleDescription(item('User name and password'))).toMatch(
      /Only older PlaceOS servers offer it\.$/,
    );
    expect(await item('Client credentials').getAttribute('aria-disabled')).toBe('true');
    expect(await accessibleDescription(item('Client credentials'))).toMatch(
      /need a confidential client/,
    );
    await screenshot(page, '35-placeos-chooser');

    // The implicit flow asks first, with its warning; cancelling starts nothing.
    await item('In the browser (implicit flow)').click();
    const confirm = page.getByRole('dialog', {
      name: 'Sign in to PlaceOS with the implicit flow?',
    });
    await confirm.getByText(/^Deprecated: the token travels in the browser URL/).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(app.core.signIn.list().filter((f) => f.method === 'implicit')).toEqual([]);
  });

  it('signs in through PlaceOS’s own login page; the 2-hour token names the user', async () => {
    const opened = host.context.waitForEvent('page');
    await chooseSignIn(page, 'Sign in to PlaceOS', 'In the browser');
    (await completePlaceOsSignIn(opened, PLACEOS_USER.email, PLACEOS_USER.password))
      .close()
      .catch(() => undefined);
    const alice = row('PlaceOS', PLACEOS_USER.email);
    await waitForText(alice, 'expires in 1 h 59 min');

    const { panel, section: view } = await inspect(
      alice,
      PLACEOS_USER.email,
      'PlaceOS token (api_keys/inspect)',
    );
    await view.getByText('OK', { exact: true }).waitFor();
    expect(await view.textContent()).toContain(PLACEOS_USER.email);
    await view.scrollIntoViewIfNeeded();
    await screenshot(page, '36-placeos-inspect');
    await closePanel(panel);
  });

  it('revokes, saying before and after that the issued access token keeps working', async () => {
    const alice = row('PlaceOS', PLACEOS_USER.email);
    await alice.getByRole('button', { name: `More actions for ${PLACEOS_USER.email}` }).click();
    await page.getByRole('menuitem', { name: 'Revoke…' }).click();
    const confirm = page.getByRole('dialog', {
      name: `Revoke the tokens of ${PLACEOS_USER.email}?`,
    });
    await confirm
      .getByText(/an access token already issued keeps working until it expires/)
      .waitFor();
    await screenshot(page, '37-placeos-revoke');
    await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });

    await alice.getByText('Revoked', { exact: true }).waitFor();
    await alice.getByText(/already issued keeps working until it expires/).waitFor();
    expect(placeos.liveRefreshTokens()).toEqual([]);
  });
});

describe('Pi Network', () => {
  let token: string;

  it('is added from its template with the stand-in as its API', async () => {
    const dialog = await openTemplate(/^Pi Network/);
    await dialog.getByText(/Pi Network needs no client ID or secret here/).waitFor();
    expect(await dialog.getByLabel('Client ID').count()).toBe(0);
    const url = dialog.getByLabel('Pi API URL');
    expect(await url.inputValue()).toBe('https://api.minepi.com');
    await url.fill(pi.baseUrl);
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'detached' });

    const piSection = section('Pi Network');
    await waitForText(piSection, 'No accounts yet. Import an access token to add one.');
    expect(
      await piSection.getByRole('list', { name: 'Not supported by this provider' }).textContent(),
    ).toBe('no browser sign-inno revocation');
  });

  it('refuses a token Pi does not know, with what to do about it', async () => {
    await page.getByRole('button', { name: 'Import token for Pi Network' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a Pi Network token' });
    await dialog.getByText(/trusts only the user id Pi returns/).waitFor();
    await dialog.getByLabel('Access token').fill('not-a-real-token');
    await dialog.getByRole('button', { name: 'Verify and add' }).click();
    await waitForText(
      dialog.getByRole('alert'),
      'Get a new access token from your app in the Pi Browser and import it again.',
    );
    await screenshot(page, '38-pi-import-error');

    token = pi.issueToken({ scopes: ['username', 'payments'] });
    await dialog.getByLabel('Access token').fill(token);
    await dialog.getByRole('button', { name: 'Verify and add' }).click();
    await dialog.waitFor({ state: 'detached' });
    const pioneer = row('Pi Network', 'pioneer_alice');
    await waitForText(pioneer, 'expires in 59 min');
    expect(await pioneer.textContent()).toContain(`uid ${PI_DEFAULT_UID}`);
    expect(await pioneer.getByRole('list', { name: 'Scopes' }).textContent()).toBe(
      'usernamepayments',
    );
  });

  it('verifies again, inspects /v2/me, and says why it cannot be revoked', async () => {
    const pioneer = row('Pi Network', 'pioneer_alice');
    expect(await pioneer.textContent()).toContain('Imported just now');
    await pioneer.getByRole('button', { name: 'Verify again pioneer_alice' }).click();
    await toasts().getByText('Token verified').waitFor();
    await waitForText(pioneer, 'Verified just now');

    const { panel, section: me } = await inspect(pioneer, 'pioneer_alice', 'Pi user (GET /v2/me)');
    expect(await me.textContent()).toContain(PI_DEFAULT_UID);
    await closePanel(panel);

    const more = pioneer.getByRole('button', { name: 'More actions for pioneer_alice' });
    expect(await menuReason(more, 'Revoke…')).toMatch(/^Pi Network has no revocation API/);
    await screenshot(page, '39-named-providers');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '39-named-providers-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('says to get a new token from the Pi Browser once Pi refuses it, and takes one', async () => {
    pi.expireToken(token);
    const pioneer = row('Pi Network', 'pioneer_alice');
    await pioneer.getByRole('button', { name: 'Verify again pioneer_alice' }).click();
    await pioneer.getByText('Needs a new token', { exact: true }).waitFor();
    await pioneer.getByText(/Get a new access token from your app in the Pi Browser/).waitFor();
    await screenshot(page, '40-pi-expired');

    await pioneer.getByRole('button', { name: 'Import a new token as pioneer_alice' }).click();
    const dialog = page.getByRole('dialog', { name: 'New token for pioneer_alice' });
    await dialog.getByLabel('Access token').fill(pi.issueToken({ scopes: ['username'] }));
    await dialog.getByLabel('Access token').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await waitForText(pioneer, 'expires in 59 min');
    expect(await pioneer.getByText('Needs a new token').count()).toBe(0);
  });

  it('left no errors in the page console', () => {
    expect(host.pageErrors).toEqual([]);
  });
});
