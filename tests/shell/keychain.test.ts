import { afterEach, describe, expect, it } from 'vitest';
import type { VaultStatus } from '../../contract/domain.ts';
import type { DoubleState } from './electron-double/protocol-messages.ts';
import {
  keyringKey,
  launchShell,
  removeDir,
  tempDataDir,
  type LaunchOptions,
  type ShellApp,
} from './support/shell-app.ts';
import { createVault } from './support/sign-in.ts';

/** The vault's key protection through the built app's `safeStorage` wiring. */

let app: ShellApp | undefined;
let root: string | undefined;

afterEach(async () => {
  await app?.stop();
  app = undefined;
  if (root) await removeDir(root);
  root = undefined;
});

async function launch(options: Omit<LaunchOptions, 'userData'> & { userData?: string } = {}) {
  if (!options.userData) {
    const dirs = await tempDataDir();
    root = dirs.root;
  }
  app = await launchShell({
    userData: options.userData ?? `${root}/config/Token Desk`,
    ...options,
  });
  return app;
}

const encryptions = (state: DoubleState) =>
  state.calls.filter((c) => c.call === 'safeStorage.encryptStringAsync').length;

describe('safeStorage', () => {
  for (const backend of ['basic_text', 'unknown'] as const) {
    it(`refuses the Linux ${backend} backend and never encrypts with it`, async () => {
      const app = await launch({ safeStorage: { backend } });
      const status = await app.apiOk<VaultStatus>('vault.status');
      expect(status).toMatchObject({ state: 'missing', keychainAvailable: false });
      const refused = await app.api('vault.create', { protection: 'os-keychain' });
      expect(refused.ok).toBe(false);
      expect(encryptions(await app.state())).toBe(0);
      // The passphrase is the way left, and it works.
      await createVault(app, { passphrase: 'correct horse battery staple' });
      expect(await app.apiOk<VaultStatus>('vault.status')).toMatchObject({
        state: 'unlocked',
        protection: 'passphrase',
      });
      expect(encryptions(await app.state())).toBe(0);
    });
  }

  it('offers no keychain when async encryption is unavailable', async () => {
    const app = await launch({ safeStorage: { asyncEncryptionAvailable: false } });
    expect(await app.apiOk<VaultStatus>('vault.status')).toMatchObject({
      keychainAvailable: false,
    });
  });

  it('wraps the vault key with a real keyring and opens it again on the next launch', async () => {
    const key = keyringKey();
    const first = await launch({ safeStorage: { key } });
    await createVault(first);
    expect(await first.apiOk<VaultStatus>('vault.status')).toMatchObject({
      state: 'unlocked',
      protection: 'os-keychain',
    });
    expect(encryptions(await first.state())).toBe(1);
    const userData = first.config.userData;
    expect((await first.quit()).code).toBe(0);

    const second = await launch({ userData, safeStorage: { key } });
    expect(await second.apiOk<VaultStatus>('vault.status')).toMatchObject({
      state: 'unlocked',
      protection: 'os-keychain',
    });
    expect(
      (await second.state()).calls.some((c) => c.call === 'safeStorage.decryptStringAsync'),
    ).toBe(true);
  });

  it('a keyring that lost its key leaves the vault locked, not overwritten', async () => {
    const first = await launch();
    await createVault(first);
    const userData = first.config.userData;
    await first.quit();

    const second = await launch({ userData, safeStorage: { key: keyringKey() } });
    expect(await second.apiOk<VaultStatus>('vault.status')).toMatchObject({ state: 'locked' });
    expect(await second.api('vault.retryKeychain')).toMatchObject({
      ok: false,
      error: { code: 'VAULT_LOCKED' },
    });
  });
});
