import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_ID, providerPresets } from '../../main/core/providers/presets.ts';
import { startBrowserHost, type BrowserHost } from '../support/browser-host.ts';
import { startDemoProvider, type DemoProvider } from '../../scripts/demo-idp.ts';
import { createBrowserCore, type BrowserCore } from '../support/browser-core.ts';
import { chooseSignIn, completeIdpSignIn, waitForText } from '../support/browser-test-kit.ts';

/**
 * The provider `npm run demo` serves (on a free port here, not 4455) works with the app's
 * "Local demo provider" preset: a browser sign-in through its own login and consent pages
 * gives an account whose token refreshes.
 */

let demo: DemoProvider;
let app: BrowserCore;
let host: BrowserHost;
let page: Page;

beforeAll(async () => {
  demo = await startDemoProvider(0, DEMO_CLIENT_ID);
  app = await createBrowserCore();
  await app.core.vault.create({ kind: 'os-keychain' });
  const preset = providerPresets().find((candidate) => candidate.id === 'demo');
  if (!preset) throw new Error('no demo preset');
  await app.core.providers.add({ ...preset.input, issuer: demo.issuer });
  host = await startBrowserHost({ core: app.core, systemBrowser: app.systemBrowser });
  page = host.page;
});

afterAll(async () => {
  await host?.close();
  await app?.close();
  await demo?.close();
});

describe('the demo provider', () => {
  it('signs in with any name and refreshes the token', async () => {
    const opened = host.context.waitForEvent('page');
    await chooseSignIn(page, 'Sign in to Demo provider', 'In the browser');
    const tab = await completeIdpSignIn(opened, 'carol');
    await tab.close();

    const row = page.locator('tbody.account', { hasText: 'carol@demo.invalid' });
    await waitForText(row, 'Signed in just now');
    const [account] = app.core.accounts.summaries();
    expect(account?.hasRefreshToken).toBe(true);
    await row.getByRole('button', { name: /^Refresh/ }).click();
    await waitForText(row, 'Refreshed just now');
  });
});
