/**
 * The leak detector itself: each channel it claims to watch does report a known secret, and
 * the secrets the servers hand out are registered. If this fails, "no leaks" elsewhere means
 * nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { registerSecret, scanCount, takeLeaks } from '../../support/leak-detector.ts';
import { startOidcIdp, type TestIdp } from '../../servers/oidc-idp.ts';
import { startPiServer } from '../../servers/pi-server.ts';
import { createHarness, type Harness } from '../../support/core-harness.ts';
import { createScannedIpcHandlers } from '../../support/scanned-ipc.ts';
import { nativeClientInput } from '../../support/oidc-provider-input.ts';
import { signInWithBrowser } from '../../support/sign-in.ts';
import { accountVaultId, type StoredTokens } from '../../../main/core/model.ts';

const SECRET = 'detector-self-test-secret-7c1e';
let h: Harness | undefined;
let idp: TestIdp | undefined;

afterEach(async () => {
  await h?.close();
  await idp?.close();
  h = undefined;
  idp = undefined;
  // Whatever a test planted on purpose must not fail it in the setup file's check.
  takeLeaks();
});

describe('leak detector', () => {
  it('catches a secret in console output, events, notifications and IPC results', async () => {
    registerSecret(SECRET, 'access token');
    console.error(`refresh failed for ${SECRET}`);
    expect(takeLeaks()).toEqual([{ kind: 'access token', where: 'console.error' }]);

    h = await createHarness();
    h.core.events.emit('signIn:changed', [{ error: { message: `bad ${SECRET}` } }] as never);
    expect(takeLeaks()).toEqual([{ kind: 'access token', where: 'event signIn:changed' }]);

    h.core.redirects.receive(`io.github.tokendesk:/oauth/callback?state=${SECRET}&code=c`);
    // The app's own message does not repeat the state: nothing leaks from that notification.
    expect(takeLeaks()).toEqual([]);
    expect(scanCount('notification')).toBeGreaterThan(0);

    const ipc = createScannedIpcHandlers(h.core, {
      trustedSenders: ['app://renderer'],
      log: () => undefined,
    });
    await ipc['accounts:rename']('app://renderer', { id: 'nope', label: SECRET });
    expect(takeLeaks()).toEqual([]);
    expect(scanCount('ipc accounts:rename')).toBeGreaterThan(0);
  });

  it('catches a secret written to the metadata file (accounts, token history)', async () => {
    registerSecret(SECRET, 'refresh token');
    h = await createHarness();
    h.core.history.record('some-account', {
      at: 1,
      event: 'refresh-failed',
      outcome: 'failed',
      error: { code: 'PROVIDER_ERROR', message: `rejected ${SECRET}` },
    });
    await h.close();
    h = undefined;
    expect(takeLeaks()).toEqual([{ kind: 'refresh token', where: 'metadata.json' }]);
  });

  it('knows the tokens a real sign-in received, and the reveal is the one exempt channel', async () => {
    idp = await startOidcIdp();
    h = await createHarness();
    const provider = await h.core.providers.add(nativeClientInput(idp.issuer));
    const { done } = await signInWithBrowser(h, provider.id, 'alice');
    const tokens = h.core.vault.get<StoredTokens>(accountVaultId(done.accountId!))!;
    const ipc = createScannedIpcHandlers(h.core, { trustedSenders: ['app://renderer'] });

    const revealed = await ipc['accounts:revealToken']('app://renderer', {
      id: done.accountId!,
      kind: 'access',
    });
    expect(revealed).toEqual({ ok: true, value: { token: tokens.accessToken } });
    expect(takeLeaks()).toEqual([]);

    // The same token anywhere else is a leak: the registry knows it and its kind.
    console.warn(tokens.accessToken);
    console.warn(tokens.refreshToken);
    expect(takeLeaks()).toEqual([
      { kind: 'access token', where: 'console.warn' },
      { kind: 'refresh token', where: 'console.warn' },
    ]);
  });

  it('knows the stand-ins’ tokens', async () => {
    const pi = await startPiServer();
    try {
      console.info(pi.issueToken()); // eslint-disable-line no-console -- planted on purpose
      expect(takeLeaks()).toEqual([{ kind: 'access token', where: 'console.info' }]);
    } finally {
      await pi.close();
    }
  });
});
