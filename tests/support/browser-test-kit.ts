/**
 * Small helpers for the e2e tests: waiting on what a user sees (playwright-core has no
 * `expect`), driving the IdP's own login and consent pages, and saving screenshots.
 */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { expectAccessible } from './axe.ts';

export const SCREENSHOT_DIR = fileURLToPath(
  new URL('../../test-output/screenshots/', import.meta.url),
);

/**
 * Saves a full-window screenshot as test-output/screenshots/<name>.png, and checks that screen
 * with axe-core in both themes (tests/support/axe.ts): every screen the suite shows is checked.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { accessibility?: boolean } = {},
): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Two frames: let React commit and the browser paint before the capture.
  await page.evaluate(
    'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))',
  );
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png` });
  if (options.accessibility ?? true) await expectAccessible(page, name);
}

/** The "system browser" tab the core opened, once it has left about:blank for the URL. */
export async function openedTab(opened: Promise<Page>): Promise<Page> {
  const tab = await opened;
  await tab.waitForURL((url) => url.href !== 'about:blank');
  return tab;
}

/** Scrolls a dialog's body to its top or its end (before a screenshot of a long form). */
export async function scrollDialog(dialog: Locator, to: 'top' | 'end' = 'top'): Promise<void> {
  await dialog
    .locator('.dialog__body')
    .evaluate((el: { scrollTop: number; scrollHeight: number }, end) => {
      el.scrollTop = end ? el.scrollHeight : 0;
    }, to === 'end');
}

/** Waits until the locator's text matches, and returns it. */
export async function waitForText(
  locator: Locator,
  pattern: RegExp | string,
  timeout = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.textContent({ timeout: Math.max(1, deadline - Date.now()) })) ?? '';
    if (typeof pattern === 'string' ? last.includes(pattern) : pattern.test(last)) return last;
    await locator.page().waitForTimeout(50);
  }
  throw new Error(`Timed out waiting for ${String(pattern)}; last text was "${last}".`);
}

/** The text of the element that describes this one (aria-describedby), e.g. a disabled reason. */
export async function accessibleDescription(locator: Locator): Promise<string> {
  return locator.evaluate((el: DescribedElement) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => el.ownerDocument.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  );
}

/** The little of the DOM that runs in the page above (tests type-check without DOM types). */
interface DescribedElement {
  getAttribute(name: string): string | null;
  ownerDocument: { getElementById(id: string): { textContent: string | null } | null };
}

/**
 * Finishes a sign-in in the "system browser" tab the core opened: the IdP's own login form
 * (any login and password), then its consent page, then the app's loopback redirect page.
 */
export async function completeIdpSignIn(opened: Promise<Page>, login: string): Promise<Page> {
  const tab = await opened;
  await tab.locator('input[name="login"]').fill(login);
  await tab.locator('input[name="password"]').fill('any password');
  await tab.getByRole('button', { name: 'Sign-in' }).click();
  await tab.getByRole('button', { name: 'Continue' }).click();
  await tab.getByRole('heading', { name: 'Signed in' }).waitFor();
  return tab;
}

/**
 * Finishes a PlaceOS browser sign-in in the "system browser" tab: the authorize request
 * redirects to PlaceOS's own login page, whose form sends the browser on to the app.
 */
export async function completePlaceOsSignIn(
  opened: Promise<Page>,
  email: string,
  password: string,
): Promise<Page> {
  const tab = await opened;
  await tab.locator('input[name="email"]').fill(email);
  await tab.locator('input[name="password"]').fill(password);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.getByRole('heading', { name: 'Signed in' }).waitFor();
  return tab;
}

/** Signs in on PeerID's consent page (login form included) and presses ALLOW. */
export async function approvePeerIdConsent(
  opened: Promise<Page>,
  login: string,
  password: string,
): Promise<Page> {
  const tab = await opened;
  await tab.locator('input[name="login"]').fill(login);
  await tab.locator('input[name="password"]').fill(password);
  await tab.getByRole('button', { name: 'ALLOW' }).click();
  await tab.getByRole('heading', { name: 'Signed in' }).waitFor();
  return tab;
}

/** Chooses a sign-in method from a provider's chooser ("Sign in" or "Add account" menu). */
export async function chooseSignIn(
  page: Page,
  trigger: string,
  method: string | RegExp,
): Promise<void> {
  await page.getByRole('button', { name: trigger }).click();
  await page
    .getByRole('menu', { name: trigger })
    .getByRole('menuitem', { name: method, exact: typeof method === 'string' })
    .click();
}

/** A 127.0.0.1 port nothing listens on (for the unreachable-issuer test). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
