import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { osClipboardFormat } from '../../main/core/sensitive-clipboard.ts';
import { buildTrayMenu } from '../../main/core/tray-menu.ts';
import type { AccountSummary, VaultStatus } from '../../contract/domain.ts';
import { startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { browse } from '../support/headless-browser.ts';
import {
  launchShell,
  removeDir,
  tempDataDir,
  type LaunchOptions,
  type ShellApp,
} from './support/shell-app.ts';
import {
  accounts,
  addProvider,
  createVault,
  finishedFlow,
  startSignIn,
} from './support/sign-in.ts';
import { expectedMenu } from './support/tray-template.ts';

/**
 * Copying a token (window and tray), what the clipboard then holds, and what quitting does
 * with it — on the built app, after a real loopback sign-in at oidc-provider.
 */

let idp: TestIdp;
let app: ShellApp | undefined;
let root: string | undefined;

beforeAll(async () => {
  idp = await startOidcIdp();
});
afterAll(async () => {
  await idp.close();
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  if (root) await removeDir(root);
  root = undefined;
});

const PASSPHRASE = 'correct horse battery staple';

/** Launches, creates a vault and signs alice in through the loopback redirect. */
async function signedIn(
  options: Omit<LaunchOptions, 'userData'> & { userData?: string } = {},
): Promise<{ app: ShellApp; account: AccountSummary }> {
  if (!options.userData) root = (await tempDataDir()).root;
  app = await launchShell({
    userData: options.userData ?? `${root}/config/Token Desk`,
    ...options,
  });
  await createVault(app, { passphrase: PASSPHRASE });
  const provider = await addProvider(app, idp.issuer, 'loopback');
  const { flow, authorizationUrl } = await startSignIn(app, provider.id);
  expect(await browse(authorizationUrl, { account: 'alice' })).toMatchObject({
    kind: 'loopback',
    status: 200,
  });
  expect(await finishedFlow(app, flow.id)).toMatchObject({ status: 'succeeded' });
  const [account] = await accounts(app);
  return { app, account: account! };
}

async function accessToken(app: ShellApp, id: string): Promise<string> {
  return (await app.apiOk<{ token: string }>('accounts.revealToken', id, 'access')).token;
}

describe('copying a token', () => {
  it('puts it on the clipboard marked secret (Linux: KDE password manager hint)', async () => {
    const { app, account } = await signedIn();
    const { clearsAt } = await app.apiOk<{ clearsAt: number }>(
      'accounts.copyToken',
      account.id,
      'access',
    );
    expect(clearsAt).toBeGreaterThan(Date.now());
    const { clipboard } = await app.state();
    expect(clipboard).toEqual({
      'text/plain': { text: await accessToken(app, account.id) },
      [osClipboardFormat('x-kde-passwordManagerHint')]: { text: 'secret' },
    });
  });

  it('on Windows, with the history and cloud-clipboard exclusion formats', async () => {
    const { app, account } = await signedIn({ platform: 'win32' });
    await app.apiOk('accounts.copyToken', account.id, 'access');
    const { clipboard } = await app.state();
    expect(clipboard).toEqual({
      'text/plain': { text: await accessToken(app, account.id) },
      [osClipboardFormat('ExcludeClipboardContentFromMonitorProcessing')]: { bytes: [0] },
      [osClipboardFormat('CanIncludeInClipboardHistory')]: { bytes: [0, 0, 0, 0] },
      [osClipboardFormat('CanUploadToCloudClipboard')]: { bytes: [0, 0, 0, 0] },
    });
  });

  it('from the tray: the account is in the menu model, and Copy notifies when it clears', async () => {
    const { app, account } = await signedIn();
    const state = await app.waitFor(
      (s) => JSON.stringify(s.trays[0]?.menu).includes(account.label),
      'the account in the tray',
    );
    expect(state.trays[0]?.menu).toEqual(
      expectedMenu(buildTrayMenu(await accounts(app), Date.now(), { locked: false })),
    );
    const submenu = state.trays[0]!.menu!.find((item) => item.label?.startsWith(account.label));
    const seen = app.reports.length;
    await app.send({ cmd: 'menu-click', labels: [submenu!.label!, 'Copy access token'] });
    const notice = await app.report('notification', () => true, seen);
    expect(notice.title).toBe('Access token copied');
    expect(notice.body).toMatch(/cleared from the clipboard in \d+ s\.$/);
    expect(notice.body).not.toContain(await accessToken(app, account.id));
    expect((await app.state()).clipboard['text/plain']).toEqual({
      text: await accessToken(app, account.id),
    });
  });

  it('from the tray: "Copy as curl command" copies the header in a curl command', async () => {
    const { app, account } = await signedIn();
    const state = await app.waitFor(
      (s) => JSON.stringify(s.trays[0]?.menu).includes(account.label),
      'the account in the tray',
    );
    const submenu = state.trays[0]!.menu!.find((item) => item.label?.startsWith(account.label));
    const seen = app.reports.length;
    await app.send({ cmd: 'menu-click', labels: [submenu!.label!, 'Copy as curl command'] });
    const notice = await app.report('notification', () => true, seen);
    expect(notice.title).toBe('curl command copied');
    const token = await accessToken(app, account.id);
    expect(notice.body).not.toContain(token);
    expect((await app.state()).clipboard['text/plain']).toEqual({
      text: `curl -H 'Authorization: Bearer ${token}' https://api.example.com/`,
    });
  });

  it('locking the vault disables the tray’s token actions', async () => {
    const { app } = await signedIn();
    await app.apiOk<VaultStatus>('vault.lock');
    const state = await app.waitFor(
      (s) => JSON.stringify(s.trays[0]?.menu).includes('Vault locked'),
      'the locked tray menu',
    );
    expect(state.trays[0]?.menu).toEqual(
      expectedMenu(buildTrayMenu(await accounts(app), Date.now(), { locked: true })),
    );
  });
});

describe('quitting', () => {
  it('clears a copied token from the clipboard before the app exits', async () => {
    const { app, account } = await signedIn();
    await app.apiOk('accounts.copyToken', account.id, 'access');
    const { code, state } = await app.quit();
    expect(code).toBe(0);
    expect(state?.clipboard).toEqual({});
    const order = state!.calls.map((c) => c.call);
    const cleared = order.lastIndexOf('clipboard.clear');
    expect(cleared).toBeGreaterThan(order.lastIndexOf('clipboard.write'));
    // The quit that went through came after the clearing; the first one was held back.
    expect(order.lastIndexOf('app.quit')).toBeGreaterThan(cleared);
    expect(order.indexOf('app.quit')).toBeLessThan(cleared);
    expect(order).toContain('Tray.destroy');
  });

  it('leaves the clipboard alone when the user copied something else since', async () => {
    const { app, account } = await signedIn();
    await app.apiOk('accounts.copyToken', account.id, 'access');
    await app.send({ cmd: 'copy-text', text: 'my shopping list' });
    const { state } = await app.quit();
    expect(state?.clipboard).toEqual({ 'text/plain': { text: 'my shopping list' } });
  });

  it('keeps the account: relaunched, the vault unlocks with the passphrase', async () => {
    const { app, account } = await signedIn();
    const userData = app.config.userData;
    const token = await accessToken(app, account.id);
    await app.quit();

    const again = await launchShell({ userData });
    expect(await again.apiOk<VaultStatus>('vault.status')).toMatchObject({ state: 'locked' });
    await again.apiOk('vault.unlock', PASSPHRASE);
    expect((await accounts(again)).map((a) => a.id)).toEqual([account.id]);
    expect(await accessToken(again, account.id)).toBe(token);
    await again.stop();
  });
});

describe('tray actions', () => {
  async function trayLabelFor(app: ShellApp, account: AccountSummary): Promise<string> {
    const state = await app.waitFor(
      (s) => JSON.stringify(s.trays[0]?.menu).includes(account.label),
      'the account in the tray',
    );
    return state.trays[0]!.menu!.find((item) => item.label?.startsWith(account.label))!.label!;
  }

  it('Refresh and Refresh all refresh at the IdP and say so', async () => {
    const { app, account } = await signedIn();
    const label = await trayLabelFor(app, account);
    const before = idp.tokenRequests.length;
    let seen = app.reports.length;
    await app.send({ cmd: 'menu-click', labels: [label, account.refreshLabel] });
    expect(await app.report('notification', () => true, seen)).toMatchObject({
      title: 'Token refreshed',
      body: account.label,
    });
    seen = app.reports.length;
    await app.send({ cmd: 'menu-click', labels: ['Refresh all'] });
    expect(await app.report('notification', () => true, seen)).toMatchObject({
      title: 'Refresh all',
      body: '1 account refreshed.',
    });
    expect(
      idp.tokenRequests.slice(before).filter((r) => r['grant_type'] === 'refresh_token'),
    ).toHaveLength(2);
  });

  it('a failing action is reported by notification, without token material', async () => {
    const { app, account } = await signedIn();
    const label = await trayLabelFor(app, account);
    await app.apiOk('settings.update', { autoRefresh: false });
    await idp.close();
    try {
      const seen = app.reports.length;
      await app.send({ cmd: 'menu-click', labels: [label, account.refreshLabel] });
      const notice = await app.report('notification', () => true, seen);
      expect(notice.title).toBe('Token Desk');
      expect(notice.body).toMatch(/\S/);
      expect(notice.body).not.toContain(await accessToken(app, account.id));
    } finally {
      idp = await startOidcIdp();
    }
  });

  it('clicking a notification brings the window back', async () => {
    const { app, account } = await signedIn();
    const label = await trayLabelFor(app, account);
    await app.send({ cmd: 'close-window' });
    const seen = app.reports.length;
    await app.send({ cmd: 'menu-click', labels: [label, 'Copy access token'] });
    await app.report('notification', () => true, seen);
    await app.send({ cmd: 'emit', target: 'notification', event: 'click', eventParams: {} });
    await app.waitFor(
      (s) => s.windows.at(-1)?.visible === true && s.windows.length === 2,
      'a window',
    );
  });

  it('copies without a notification where the desktop has none', async () => {
    const { app, account } = await signedIn({ notificationsSupported: false });
    await app.send({
      cmd: 'menu-click',
      labels: [await trayLabelFor(app, account), 'Copy access token'],
    });
    const state = await app.waitFor((s) => 'text/plain' in s.clipboard, 'the copy');
    expect(state.calls.some((c) => c.call === 'Notification.show')).toBe(false);
  });

  it('a platform that refuses the marker format still gets the copy, unmarked', async () => {
    const { app, account } = await signedIn();
    await app.quit();
    const again = await launchShell({
      userData: app.config.userData,
      clipboardRefusedFormats: [osClipboardFormat('x-kde-passwordManagerHint')],
    });
    try {
      await again.apiOk('vault.unlock', PASSPHRASE);
      await again.apiOk('accounts.copyToken', account.id, 'access');
      expect((await again.state()).clipboard).toEqual({
        'text/plain': { text: await accessToken(again, account.id) },
      });
    } finally {
      await again.stop();
    }
  });
});
