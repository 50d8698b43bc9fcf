/**
 * The all-day features in real Chromium against the real core and oidc-provider: "Copy as…"
 * (read back from the clipboard port), the end of the provider's session shown and notified,
 * the token history in Inspect, exporting provider setups and importing them into a fresh
 * vault, and malformed or hostile import files. Every screenshot is also an axe check in both
 * themes (browser-test-kit.ts).
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONFIDENTIAL_CLIENT_SECRET,
  startOidcIdp,
  testPassword,
  type TestIdp,
} from '../servers/oidc-idp.ts';
import { createBrowserCore, type BrowserCore } from '../support/browser-core.ts';
import { startBrowserHost, type BrowserHost } from '../support/browser-host.ts';
import { screenshot, waitForText } from '../support/browser-test-kit.ts';
import { confidentialClientInput, nativeClientInput } from '../support/oidc-provider-input.ts';
import { registerSecret } from '../support/leak-detector.ts';
import { renderTrayMenu } from '../support/tray-menu-picture.ts';
import { buildTrayMenu } from '../../main/core/tray-menu.ts';

const HOURS = 3600;
let idp: TestIdp;
let app: BrowserCore;
let host: BrowserHost;
let page: Page;
const notifications: { title: string; body: string }[] = [];
let exported = '';

beforeAll(async () => {
  // Like Keycloak: the session (refresh token) ends 20 hours after sign-in.
  idp = await startOidcIdp({ refreshExpiresIn: 20 * HOURS });
  app = await createBrowserCore({ notify: (title, body) => notifications.push({ title, body }) });
  await app.core.vault.create({ kind: 'os-keychain' });
  const provider = await app.core.providers.add(nativeClientInput(idp.issuer, { name: 'Acme ID' }));
  await app.core.providers.add(confidentialClientInput(idp.issuer, { name: 'Acme services' }));
  const flow = await app.core.signIn.start({
    providerId: provider.id,
    method: 'password',
    username: 'alice',
    password: testPassword('alice'),
  });
  if (flow.status !== 'succeeded') throw new Error(`sign-in ${flow.status}`);
  host = await startBrowserHost({ core: app.core, systemBrowser: app.systemBrowser });
  page = host.page;
});

afterAll(async () => {
  await host?.close();
  await app?.close();
  await idp?.close();
});

const account = () => app.core.accounts.summaries()[0]!;
const row = () => page.locator('tbody.account', { hasText: account().label });
const token = () => app.core.accounts.revealToken(account().id, 'access');

async function copyAs(choice: string): Promise<void> {
  await row()
    .getByRole('button', { name: `Copy as… for ${account().label}` })
    .click();
  await page
    .getByRole('menu', { name: `Copy as… for ${account().label}` })
    .getByRole('menuitem', { name: choice })
    .click();
}

describe('Copy as…', () => {
  it('offers the formats in a split button and copies each through main', async () => {
    await row()
      .getByRole('button', { name: `Copy as… for ${account().label}` })
      .click();
    const menu = page.getByRole('menu', { name: `Copy as… for ${account().label}` });
    // The password grant of this IdP issues no ID token: the menu does not offer one.
    expect(account().hasIdToken).toBe(false);
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
      expect.stringMatching(/^Access token/),
      expect.stringMatching(/^Authorization header/),
      expect.stringMatching(/^curl command/),
    ]);
    await page.keyboard.press('Escape');
    // A refresh with the openid scope brings one.
    await row()
      .getByRole('button', { name: `Refresh ${account().label}` })
      .click();
    await page
      .getByRole('status', { name: 'Notifications' })
      .getByText('Token refreshed')
      .waitFor();
    expect(account().hasIdToken).toBe(true);
    await row()
      .getByRole('button', { name: `Copy as… for ${account().label}` })
      .click();
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
      expect.stringMatching(/^Access token/),
      expect.stringMatching(/^Authorization header/),
      expect.stringMatching(/^curl command/),
      expect.stringMatching(/^ID token/),
    ]);
    await screenshot(page, '70-copy-as-menu');
    await page.keyboard.press('Escape');

    const toasts = page.getByRole('status', { name: 'Notifications' });
    await copyAs('Authorization header');
    expect(app.clipboard.text).toBe(`Authorization: Bearer ${token()}`);
    await waitForText(toasts, `Authorization header of ${account().label}`);

    await copyAs('curl command');
    expect(app.clipboard.text).toBe(
      `curl -H 'Authorization: Bearer ${token()}' https://api.example.com/`,
    );
    await waitForText(toasts, `curl command of ${account().label}`);

    await copyAs('ID token');
    expect(app.clipboard.text).toBe(app.core.accounts.revealToken(account().id, 'id'));

    await copyAs('Access token');
    expect(app.clipboard.text).toBe(token());
    // One clipboard toast, replaced on each copy: toasts do not pile up.
    expect(await toasts.locator('.toast', { hasText: 'Copied' }).count()).toBe(1);
    expect(await toasts.locator('.toast').count()).toBeLessThanOrEqual(3);
  });
});

describe('end of the provider session', () => {
  // The refresh above left the end in place, so it is firm: a warning a day ahead is due.
  it('shows "sign-in needed by" on the row and notifies within a day', async () => {
    const end = account().signInNeededBy!;
    expect(end).toBeGreaterThan(Date.now() + 19 * HOURS * 1000);
    const text = await waitForText(row(), /Sign-in needed by \w{3} \d\d:\d\d/);
    const weekday = new Date(end).toLocaleDateString(undefined, { weekday: 'short' });
    expect(text).toContain(`Sign-in needed by ${weekday}`);
    expect(notifications.filter((n) => n.title.includes('sign-in needed'))).toEqual([
      {
        title: `${account().label}: sign-in needed within a day`,
        body: expect.stringMatching(/^Acme ID ends this session by /) as string,
      },
    ]);
    await screenshot(page, '71-sign-in-deadline');
  });
});

describe('token history in Inspect', () => {
  it('lists the sign-in and refreshes, newest first, with the deadline', async () => {
    await row()
      .getByRole('button', { name: `Refresh ${account().label}` })
      .click();
    await page
      .getByRole('status', { name: 'Notifications' })
      .getByText('Token refreshed')
      .waitFor();
    await row()
      .getByRole('button', { name: `Inspect ${account().label}` })
      .click();
    const panel = page.getByRole('dialog', { name: account().label });
    const history = panel.getByRole('region', { name: 'Token history' });
    await waitForText(history, 'Signed in with a password');
    const entries = await history.getByRole('listitem').allTextContents();
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatch(/^Refreshed.*new refresh token \(rotated\)/);
    expect(entries[1]).toMatch(/^Refreshed.*new refresh token \(rotated\)/);
    expect(entries[2]).toMatch(/^Signed in with a password/);
    expect(await panel.textContent()).toMatch(/Sign-in needed by \w{3} \d\d:\d\d/);
    await history.scrollIntoViewIfNeeded();
    await screenshot(page, '72-inspect-history');
    await panel.getByRole('button', { name: 'Close' }).click();
  });
});

describe('sharing provider setups', () => {
  it('exports every setup as a file without tokens or secrets', async () => {
    await page.getByRole('button', { name: 'Share provider setups' }).click();
    await page.getByRole('menuitem', { name: 'Export all provider setups…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export all provider setups' });
    const contents = dialog.getByLabel('File contents');
    await waitForText(dialog, '2 providers in token-desk-providers.json');
    await screenshot(page, '73-export');
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Save file…' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('token-desk-providers.json');
    exported = await readFile(await file.path(), 'utf8');
    expect(exported).toBe(await contents.inputValue());
    expect(exported).not.toContain(CONFIDENTIAL_CLIENT_SECRET);
    expect(exported).not.toContain(token());
    const data = JSON.parse(exported) as { providers: { name: string; toFill?: string[] }[] };
    expect(data.providers.map((p) => [p.name, p.toFill ?? []])).toEqual([
      ['Acme ID', []],
      ['Acme services', ['clientSecret']],
    ]);
    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
  });

  it('imports them into a fresh vault after a preview, asking for the secret', async () => {
    const fresh = await createBrowserCore();
    await fresh.core.vault.create({ kind: 'os-keychain' });
    const freshHost = await startBrowserHost({
      core: fresh.core,
      systemBrowser: fresh.systemBrowser,
    });
    const view = freshHost.page;
    try {
      await view.getByRole('button', { name: 'Share provider setups' }).click();
      await view.getByRole('menuitem', { name: 'Import provider setups…' }).click();
      const dialog = view.getByRole('dialog', { name: 'Import provider setups' });

      // Hostile and malformed files: a clear error each, nothing changes.
      const hostile: [string, string, RegExp][] = [
        ['notes.json', 'not json at all', /not valid JSON/],
        ['other.json', '{"name":"something else"}', /not a Token Desk provider export/],
        [
          'proto.json',
          '{"format":"token-desk/provider-setups","version":1,"providers":[{"__proto__":{"admin":true}}]}',
          /key "__proto__"/,
        ],
        [
          'secret.json',
          exported.replace(
            '"clientId": "token-desk-confidential"',
            '"clientId": "token-desk-confidential", "clientSecret": "smuggled-secret-0123456789"',
          ),
          /carries "clientSecret".*never contain secrets/,
        ],
        ['deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, /nests too deeply/],
        ['huge.json', ' '.repeat(300 * 1024), /too large/],
        ['enormous.json', ' '.repeat(2 * 1024 * 1024), /too large/],
      ];
      registerSecret('smuggled-secret-0123456789', 'client secret');
      for (const [name, content, message] of hostile) {
        await dialog.getByLabel('Provider export file').setInputFiles({
          name,
          mimeType: 'application/json',
          buffer: Buffer.from(content),
        });
        await waitForText(dialog.getByRole('alert'), message);
        if (name === 'secret.json') await screenshot(view, '75-import-refused');
        expect(fresh.core.providers.list()).toEqual([]);
      }

      await dialog.getByLabel('Provider export file').setInputFiles({
        name: 'token-desk-providers.json',
        mimeType: 'application/json',
        buffer: Buffer.from(exported),
      });
      const preview = dialog.getByRole('table');
      await waitForText(preview, 'Acme services');
      expect(await preview.getByRole('row').allTextContents()).toEqual([
        'ProviderPoints atResult',
        `Acme ID${idp.issuer}Will be added`,
        `Acme services${idp.issuer}Will be added`,
      ]);
      await dialog.getByLabel('Client secret for Acme services').fill(CONFIDENTIAL_CLIENT_SECRET);
      await screenshot(view, '74-import-preview');
      await dialog.getByRole('button', { name: 'Import 2 providers' }).click();
      await dialog.waitFor({ state: 'detached' });
      await view.getByRole('heading', { name: 'Acme services', level: 2 }).waitFor();
      const strip = ({ id: _id, ...rest }: { id: string }) => rest;
      expect(fresh.core.providers.summaries().map(strip)).toEqual(
        app.core.providers.summaries().map(strip),
      );
      // The imported confidential client can sign in: its secret arrived.
      const services = fresh.core.providers.summaries()[1]!;
      const flow = await fresh.core.signIn.start({
        providerId: services.id,
        method: 'password',
        username: 'bob',
        password: testPassword('bob'),
      });
      expect(flow.status).toBe('succeeded');

      // The same file again: everything is already there.
      await view.getByRole('button', { name: 'Share provider setups' }).click();
      await view.getByRole('menuitem', { name: 'Import provider setups…' }).click();
      await dialog.getByLabel('Provider export file').setInputFiles({
        name: 'token-desk-providers.json',
        mimeType: 'application/json',
        buffer: Buffer.from(exported),
      });
      await waitForText(dialog, 'Every provider in this file is already here.');
      expect(await dialog.getByRole('table').textContent()).toContain('Already here: skipped');
    } finally {
      await freshHost.close();
      await fresh.close();
    }
  });
});

describe('the tray', () => {
  it('offers the same copy formats (the menu model, drawn for the README)', async () => {
    const items = buildTrayMenu(app.core.accounts.summaries(), Date.now());
    const tab = await host.context.newPage();
    try {
      await renderTrayMenu(tab, items);
      const open = tab.locator('.sub.open');
      expect(await open.locator('.action').allTextContents()).toEqual([
        'Copy access token',
        'Copy as Authorization header',
        'Copy as curl command',
        'Copy ID token',
        'Refresh',
      ]);
      await screenshot(tab, '76-tray-menu', { accessibility: false });
    } finally {
      await tab.close();
    }
  });
});

describe('the page', () => {
  it('left no errors in the console', () => {
    expect(host.pageErrors).toEqual([]);
  });
});
