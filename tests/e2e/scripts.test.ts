/**
 * Tokens for scripts, in real Chromium against the real core: turning script access on in
 * Settings (and the shell line it shows), an account's script access, the prompt a script
 * request raises (answered in the window while the real `oidc-token` waits), and the access log.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcIdp, testPassword, type TestIdp } from '../servers/oidc-idp.ts';
import { oidcToken } from '../support/agent-client.ts';
import { createBrowserCore, type BrowserCore } from '../support/browser-core.ts';
import { startBrowserHost, type BrowserHost } from '../support/browser-host.ts';
import { screenshot, waitForText } from '../support/browser-test-kit.ts';
import { nativeClientInput } from '../support/oidc-provider-input.ts';

let idp: TestIdp;
let app: BrowserCore;
let host: BrowserHost;
let page: Page;

beforeAll(async () => {
  idp = await startOidcIdp();
  app = await createBrowserCore();
  await app.core.vault.create({ kind: 'os-keychain' });
  const provider = await app.core.providers.add(nativeClientInput(idp.issuer, { name: 'Acme ID' }));
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

describe('tokens for scripts', () => {
  it('turns script access on in Settings and shows the line to paste', async () => {
    expect(app.core.agent.status()).toMatchObject({ enabled: false, running: false });
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const toggle = dialog.getByLabel('Scripts can request tokens');
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    const line = dialog.getByLabel('Shell line that points scripts at Token Desk');
    const text = await waitForText(line, /^export OIDC_SOCK=/);
    expect(text).toBe(`export OIDC_SOCK=${app.core.agent.status().socketPath}`);
    expect(app.core.agent.status().running).toBe(true);
    await screenshot(page, '60-settings-scripts');
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('sets an account to "ask" with its own short name', async () => {
    const row = page.locator('tbody.account', { hasText: account().label });
    await row.getByRole('button', { name: `More actions for ${account().label}` }).click();
    await page.getByRole('menuitem', { name: 'Script access…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Script access' });
    const shortName = dialog.getByLabel('Short name');
    expect(await shortName.inputValue()).toBe(account().scripting.shortName);
    await shortName.fill('Work Account');
    await dialog.getByLabel(/^Ask/).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await waitForText(dialog.getByRole('alert'), /lowercase letters/);
    await screenshot(page, '61-script-access-invalid');
    await shortName.fill('work');
    await dialog.getByLabel('Git hosts').fill('git.example.test');
    await screenshot(page, '62-script-access');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(account().scripting).toEqual({
      shortName: 'work',
      access: 'ask',
      gitHosts: ['git.example.test'],
    });
  });

  it('asks in the window when oidc-token requests the token; allow once prints it', async () => {
    const socket = app.core.agent.status().socketPath!;
    const pending = oidcToken(socket, ['--name', 'deploy.sh', 'work']);
    const prompt = page.getByRole('dialog', { name: 'A script asks for a token' });
    await prompt.waitFor();
    await waitForText(prompt, 'deploy.sh');
    await waitForText(prompt, '/usr/bin/oidc-token');
    await waitForText(prompt, /Refused automatically in \d+ s/);
    await screenshot(page, '63-script-prompt');
    await prompt.getByRole('button', { name: 'Allow once' }).click();
    const result = await pending;
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(app.core.accounts.revealToken(account().id, 'access'));
    await prompt.waitFor({ state: 'detached' });
  });

  it('deny in the window reaches oidc-token as oidc-agent’s error', async () => {
    const socket = app.core.agent.status().socketPath!;
    const pending = oidcToken(socket, ['--name', 'nightly-job', 'work']);
    const prompt = page.getByRole('dialog', { name: 'A script asks for a token' });
    await waitForText(prompt, 'nightly-job');
    await prompt.getByRole('button', { name: 'Deny' }).click();
    const result = await pending;
    expect(result.stderr.trim()).toBe('Error: operation forbidden: denied in Token Desk');
  });

  it('lists both requests in the access log, and clears it', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('button', { name: 'Access log…' }).click();
    const log = page.getByRole('dialog', { name: 'Access log' });
    const rows = log.locator('tbody tr');
    await waitForText(rows.first(), /nightly-job.*Refused.*denied/);
    await waitForText(rows.nth(1), /deploy\.sh.*Granted.*allowed once/);
    await waitForText(rows.nth(1), /\/usr\/bin\/oidc-token/);
    await screenshot(page, '64-access-log');
    await log.getByRole('button', { name: 'Clear log' }).click();
    await log.getByText('No script has asked for a token yet.').waitFor();
    expect(app.core.accessLog.list()).toEqual([]);
    await log.getByRole('button', { name: 'Done' }).click();
    await settings.getByRole('button', { name: 'Done' }).click();
  });
});
