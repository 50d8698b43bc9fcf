/**
 * The real app in the Electron runtime, end to end (Playwright's Electron support): launched
 * from the build with a temporary user-data folder, set up, signed in at oidc-provider,
 * copied from, quit and relaunched. Runs wherever Electron is installed (CI installs it with
 * `npx install-electron`); elsewhere each test skips, saying why.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  AccountSummary,
  ProviderSummary,
  Result,
  SignInFlow,
  VaultStatus,
} from '../../contract/domain.ts';
import { startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { screenshot } from '../support/browser-test-kit.ts';
import { browse } from '../support/headless-browser.ts';
import { nativeClientInput } from '../support/oidc-provider-input.ts';
import { findElectronRuntime } from './support/electron-runtime.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const runtime = findElectronRuntime(ROOT);
const PASSPHRASE = 'correct horse battery staple';

let idp: TestIdp;
let userDataRoot: string;
let userData: string;
let electronApp: ElectronApplication | undefined;
let page: Page;
/** How the vault was protected: the OS keychain where one exists, else a passphrase. */
let protection: VaultStatus['protection'];

beforeEach((ctx) => {
  if (!runtime.found) ctx.skip(runtime.reason);
});

beforeAll(async () => {
  if (!runtime.found) return;
  idp = await startOidcIdp();
  userDataRoot = await mkdtemp(join(tmpdir(), 'token-desk-electron-'));
  userData = join(userDataRoot, 'Token Desk');
});

afterAll(async () => {
  await electronApp?.close();
  await idp?.close();
  if (userDataRoot) await rm(userDataRoot, { recursive: true, force: true });
});

/** Launches the built app (package.json `main`) with the temporary user-data folder. */
async function launch(): Promise<void> {
  if (!runtime.found) throw new Error(runtime.reason);
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.ELECTRON_RENDERER_URL;
  electronApp = await _electron.launch({
    executablePath: runtime.executable,
    args: [ROOT, `--user-data-dir=${userData}`],
    cwd: ROOT,
    env: env as Record<string, string>,
  });
  // The system browser is this test's headless one: record what the app would open.
  await electronApp.evaluate(({ shell }) => {
    const opened: string[] = [];
    (globalThis as { openedUrls?: string[] }).openedUrls = opened;
    shell.openExternal = async (url: string) => {
      opened.push(url);
    };
  });
  page = await electronApp.firstWindow();
  await page.waitForLoadState('domcontentloaded');
}

/** Calls `window.tokenManager` in the page, the way the renderer does. */
async function api<T>(path: string, ...args: unknown[]): Promise<T> {
  const result = (await page.evaluate(
    async ([p, a]) => {
      const parts = p.split('.');
      let target: unknown = (globalThis as { tokenManager?: unknown }).tokenManager;
      for (const part of parts.slice(0, -1)) target = (target as Record<string, unknown>)[part];
      const fn = (target as Record<string, (...x: unknown[]) => unknown>)[parts.at(-1)!]!;
      return await fn(...a);
    },
    [path, args] as const,
  )) as Result<T>;
  if (!result.ok) throw new Error(`${path}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function nextOpenedUrl(before: number): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const urls = await electronApp!.evaluate(
      () => (globalThis as { openedUrls?: string[] }).openedUrls ?? [],
    );
    if (urls.length > before) return urls[before]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the app opened no URL');
}

async function openedCount(): Promise<number> {
  return (
    await electronApp!.evaluate(() => (globalThis as { openedUrls?: string[] }).openedUrls ?? [])
  ).length;
}

async function waitForFlow(flowId: string): Promise<SignInFlow> {
  for (let i = 0; i < 150; i++) {
    const flow = (await api<SignInFlow[]>('signIn.list')).find((f) => f.id === flowId);
    if (flow && flow.status !== 'waiting' && flow.status !== 'exchanging') return flow;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`flow ${flowId} did not finish`);
}

describe('Token Desk in Electron', () => {
  it('opens on the vault setup, with window.tokenManager and without require or process', async () => {
    await launch();
    await page.getByRole('heading', { name: 'Set up your vault' }).waitFor();
    await screenshot(page, 'electron-01-vault-setup');
    expect(
      await page.evaluate(() => ({
        tokenManager: typeof (globalThis as { tokenManager?: unknown }).tokenManager,
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        origin: (globalThis as unknown as { location: { origin: string } }).location.origin,
      })),
    ).toEqual({
      tokenManager: 'object',
      require: 'undefined',
      process: 'undefined',
      origin: 'app://renderer',
    });
  });

  it('creates the vault with the OS keychain (safeStorage), or a passphrase where there is none', async () => {
    const status = await api<VaultStatus>('vault.status');
    if (status.keychainAvailable) {
      await page.getByRole('button', { name: 'Create vault' }).click();
    } else {
      await page.getByLabel('Use a master passphrase').check();
      await page.getByLabel('Master passphrase', { exact: true }).fill(PASSPHRASE);
      await page.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
      await page.getByRole('button', { name: 'Create vault' }).click();
    }
    await page.getByRole('heading', { name: 'All your OAuth tokens, at hand' }).waitFor();
    ({ protection } = await api<VaultStatus>('vault.status'));
    expect(protection).toBe(status.keychainAvailable ? 'os-keychain' : 'passphrase');
    // The vault is in the temporary folder the test chose, not the user's real one.
    expect(existsSync(join(userData, 'vault.json'))).toBe(true);
    await screenshot(page, 'electron-02-first-run');
  });

  it('signs in at oidc-provider through the loopback redirect', async () => {
    const provider = await api<ProviderSummary>('providers.add', nativeClientInput(idp.issuer));
    const before = await openedCount();
    const flow = await api<SignInFlow>('signIn.start', {
      providerId: provider.id,
      method: 'authorization-code',
    });
    const outcome = await browse(await nextOpenedUrl(before), { account: 'alice' });
    expect(outcome).toMatchObject({ kind: 'loopback', status: 200 });
    expect(await waitForFlow(flow.id)).toMatchObject({ status: 'succeeded' });
    await page.locator('tbody.account', { hasText: 'alice@example.test' }).waitFor();
    await screenshot(page, 'electron-03-signed-in');
  });

  it('copies a token to the system clipboard', async () => {
    const [account] = await api<AccountSummary[]>('accounts.list');
    await page.getByRole('button', { name: `Copy token of ${account!.label}` }).click();
    const { token } = await api<{ token: string }>('accounts.revealToken', account!.id, 'access');
    expect(await electronApp!.evaluate(({ clipboard }) => clipboard.readText())).toBe(token);
  });

  it('quits, relaunches and unlocks with the account still there', async () => {
    await electronApp!.close();
    await launch();
    if (protection === 'passphrase') {
      await page.getByRole('heading', { name: 'Unlock Token Desk' }).waitFor();
      await screenshot(page, 'electron-04-unlock');
      await page.getByLabel('Master passphrase').fill(PASSPHRASE);
      await page.getByRole('button', { name: 'Unlock' }).click();
    }
    await page.locator('tbody.account', { hasText: 'alice@example.test' }).waitFor();
    await screenshot(page, 'electron-05-relaunched');
  });

  it.runIf(process.platform === 'linux')(
    'delivers a custom-scheme redirect through a second instance (Linux)',
    async () => {
      const provider = await api<ProviderSummary>(
        'providers.add',
        nativeClientInput(idp.issuer, { name: 'Scheme IdP', redirectKind: 'custom-scheme' }),
      );
      const before = await openedCount();
      const flow = await api<SignInFlow>('signIn.start', {
        providerId: provider.id,
        method: 'authorization-code',
      });
      const outcome = await browse(await nextOpenedUrl(before), { account: 'bob' });
      expect(outcome.kind).toBe('custom-scheme');
      if (!runtime.found) return;
      // What the desktop does with the URL: launch the app again with it.
      const second = spawn(runtime.executable, [ROOT, `--user-data-dir=${userData}`, outcome.url], {
        cwd: ROOT,
        stdio: 'ignore',
      });
      const code = await new Promise<number | null>((done) => second.on('exit', done));
      expect(code).toBe(0);
      expect(await waitForFlow(flow.id)).toMatchObject({ status: 'succeeded' });
      expect((await api<AccountSummary[]>('accounts.list')).map((a) => a.subject)).toContain('bob');
    },
  );
});
