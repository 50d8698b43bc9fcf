/**
 * Company networks and strict providers, as a user meets them: a provider on HTTPS with a
 * certificate from a company CA is refused with the certificate named, and one click trusts
 * that CA for this provider; private_key_jwt shows the public key to register; a DPoP-bound
 * account warns on Copy, is flagged in Inspect, and Copy as → curl command carries a fresh proof.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_CLIENT_ID } from '../servers/oidc-idp.ts';
import {
  DPOP_CLIENT_ID,
  STRICT_HOST,
  startStrictIdp,
  type StrictIdp,
} from '../servers/strict-idp.ts';
import { createTestCa, type TestCa } from '../servers/test-pki.ts';
import { browse } from '../support/headless-browser.ts';
import { createBrowserCore, type BrowserCore } from '../support/browser-core.ts';
import { startBrowserHost, type BrowserHost } from '../support/browser-host.ts';
import { screenshot, scrollDialog, waitForText } from '../support/browser-test-kit.ts';
import { waitForFlow } from '../support/wait.ts';

let ca: TestCa;
let idp: StrictIdp;
let app: BrowserCore;
let host: BrowserHost;
let page: Page;

beforeAll(async () => {
  ca = await createTestCa('Acme Corp Root CA');
  idp = await startStrictIdp({ ca });
  app = await createBrowserCore({
    network: { proxyVariables: {}, hostAliases: { [STRICT_HOST]: '127.0.0.1' } },
  });
  await app.core.vault.create({ kind: 'os-keychain' });
  host = await startBrowserHost({ core: app.core, systemBrowser: app.systemBrowser });
  page = host.page;
});

afterAll(async () => {
  await host?.close();
  await app?.close();
  await idp?.close();
});

async function openCustomForm() {
  await page.getByRole('button', { name: 'Add provider' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add a provider' });
  await dialog.getByRole('button', { name: /^Custom provider/ }).click();
  return dialog;
}

describe('a company CA', () => {
  it('names the refused certificate and trusts its CA for this provider in one click', async () => {
    const dialog = await openCustomForm();
    await dialog.getByLabel('Name').fill('Acme IdP');
    await dialog.getByLabel('Issuer URL').fill(idp.issuer);
    await dialog.getByLabel('Client ID').fill(NATIVE_CLIENT_ID);
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    const error = dialog.getByRole('alert');
    await waitForText(error, 'issued by a certificate authority this app does not trust');
    expect(await error.textContent()).toContain('Acme Corp Root CA');
    const trust = dialog.getByRole('button', { name: 'Trust this CA for this provider' });
    await scrollDialog(dialog, 'end');
    await screenshot(page, '60-certificate-refused');

    await trust.click();
    expect(await dialog.getByLabel('Trusted CA certificates').inputValue()).toContain(
      '-----BEGIN CERTIFICATE-----',
    );
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'detached' });
    const saved = app.core.providers.summaries().find((p) => p.name === 'Acme IdP');
    expect(saved?.network.extraCaCertificates).toHaveLength(1);
  });
});

describe('private_key_jwt', () => {
  it('is offered for OpenID Connect, generates a key and shows the JWKS to register', async () => {
    const dialog = await openCustomForm();
    await dialog.getByLabel('Name').fill('Key IdP');
    await dialog.getByLabel('Issuer URL').fill(idp.issuer);
    await dialog.getByLabel('Client ID').fill('registered-later');
    await dialog.getByLabel('Client authentication').selectOption('private_key_jwt');
    await dialog.getByText('Generate a new key pair').waitFor();
    expect(await dialog.getByLabel('Client secret').count()).toBe(0);
    await dialog.getByLabel('Trusted CA certificates').fill(ca.certPem);
    await dialog.getByText('Generate a new key pair').scrollIntoViewIfNeeded();
    await screenshot(page, '61-private-key-jwt-form');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'detached' });

    const section = page.getByRole('region', { name: 'Key IdP' });
    await section.getByRole('button', { name: 'Provider actions for Key IdP' }).click();
    await page.getByRole('menuitem', { name: 'Edit provider…' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Key IdP' });
    await edit.getByText('Public key to register (JWKS)').waitFor();
    await edit.locator('.jwks__text').scrollIntoViewIfNeeded();
    const jwks = JSON.parse((await edit.locator('.jwks__text').textContent()) ?? '') as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    await screenshot(page, '62-private-key-jwt-jwks');
    await page.keyboard.press('Escape');
    await edit.waitFor({ state: 'detached' });
  });

  it('is not offered for a named provider (PlaceOS)', async () => {
    const dialog = await openCustomForm();
    await dialog.locator('label.segmented__option', { hasText: 'PlaceOS' }).click();
    const options = await dialog
      .getByLabel('Client authentication')
      .locator('option')
      .allTextContents();
    expect(options.join(' ')).not.toContain('private_key_jwt');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});

describe('a DPoP-bound account', () => {
  it('warns on Copy, is flagged in Inspect, and copies curl with a fresh proof', async () => {
    const provider = await app.core.providers.add({
      kind: 'oidc',
      name: 'DPoP IdP',
      issuer: idp.issuer,
      clientId: DPOP_CLIENT_ID,
      clientAuth: 'none',
      scopes: ['openid', 'email', 'offline_access'],
      authParams: { prompt: 'consent' },
      redirectKind: 'loopback',
      network: { proxy: 'system', extraCaCertificates: [ca.certPem] },
      dpop: true,
    });
    // The "system browser" for this IdP is the headless one (idp.test exists only in this
    // test's host map; Chromium would look it up in DNS).
    app.systemBrowser.attach(async (url) => {
      await browse(url, { account: 'uma', dispatcher: idp.browserAgent });
    });
    const flow = await app.core.signIn.start({
      providerId: provider.id,
      method: 'authorization-code',
    });
    expect((await waitForFlow(app.core, flow.id)).status).toBe('succeeded');

    const row = page.locator('tbody.account', { hasText: 'uma@example.test' });
    await row.waitFor();
    await row.getByRole('button', { name: /^Copy token of/ }).click();
    const toasts = page.getByRole('status', { name: 'Notifications' });
    await waitForText(toasts, 'the token alone is refused');
    await screenshot(page, '63-dpop-copy-warning');

    await row.getByRole('button', { name: /^Inspect/ }).click();
    const panel = page.getByRole('dialog', { name: 'uma@example.test' });
    const binding = panel.getByRole('region', { name: 'Sender-constrained token' });
    await binding.waitFor();
    expect(await binding.textContent()).toContain('cnf.jkt');
    await binding.scrollIntoViewIfNeeded();
    await screenshot(page, '64-dpop-inspect');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    // Copy as → curl command asks for the request a DPoP-bound token's proof is for.
    await row.getByRole('button', { name: 'Copy as… for uma@example.test' }).click();
    await page
      .getByRole('menu', { name: 'Copy as… for uma@example.test' })
      .getByRole('menuitem', { name: /^curl command/ })
      .click();
    const curl = page.getByRole('dialog', { name: 'Copy as curl' });
    await curl.getByLabel('Method').selectOption('POST');
    await curl.getByLabel('URL').fill('https://api.example.test/items');
    await screenshot(page, '65-copy-as-curl');
    await curl.getByRole('button', { name: 'Copy command' }).click();
    await curl.waitFor({ state: 'detached' });
    const command = app.clipboard.text;
    expect(command).toMatch(
      /^curl -X POST -H 'Authorization: DPoP \S+' -H 'DPoP: [\w-]+\.[\w-]+\.[\w-]+' 'https:\/\/api\.example\.test\/items'$/,
    );
  });
});
