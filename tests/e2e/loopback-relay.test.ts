/**
 * The implicit-flow relay page in real Chromium: the token arrives in the fragment of the
 * loopback redirect; the page's script (allowed by its CSP hash) must clear it from the address
 * and history and post it to the listener, so no URL the browser keeps carries the token.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLoopbackListener } from '../../main/core/flows/loopback-listener.ts';
import { PendingAuthorizations } from '../../main/core/flows/pending-authorizations.ts';
import { findChromium } from '../../scripts/browser/find-chromium.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: findChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});
afterAll(async () => {
  await browser?.close();
});

it('bug: the relay put the token into a query URL the browser keeps; it now posts it and clears history', async () => {
  const registry = new PendingAuthorizations();
  const listener = await startLoopbackListener((url) => registry.deliver(url, 'loopback'), 'Test');
  const delivered = registry.register(
    {
      state: 'relay-state',
      flowId: 'flow-1',
      method: 'implicit',
      codeVerifier: 'v',
      nonce: 'n',
    },
    20_000,
  );
  const token = 'relay-token-0f6c2b7e9a';
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  const requests: string[] = [];
  page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
  try {
    await page.goto(
      `${listener.redirectUri}#access_token=${token}&token_type=Bearer&expires_in=60&state=relay-state`,
    );
    const { redirect } = await delivered;
    expect(redirect).toMatchObject({ kind: 'token', accessToken: token, expiresIn: 60 });
    await page.getByText('Signed in').waitFor();

    // The fragment went in a POST body: no request URL carried it after the first navigation.
    expect(requests.slice(1).every((r) => !r.includes(token))).toBe(true);
    expect(requests).toContain(`POST ${listener.redirectUri}`);
    // Nothing the browser keeps has it: not the address, not any history entry.
    expect(page.url()).not.toContain(token);
    const cdp = await page.context().newCDPSession(page);
    const history = (await cdp.send('Page.getNavigationHistory')) as {
      entries: { url: string }[];
    };
    expect(history.entries.length).toBeGreaterThan(0);
    for (const entry of history.entries) expect(entry.url).not.toContain(token);
    // The script ran under the page's CSP (a violation shows as a console error).
    expect(problems).toEqual([]);
  } finally {
    await page.close();
    await listener.close();
    registry.dispose();
  }
});
