import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM_SCHEME } from '../../main/core/app-core.ts';
import { startOidcIdp, type TestIdp } from '../servers/oidc-idp.ts';
import { browse } from '../support/headless-browser.ts';
import { launchShell, removeDir, tempDataDir, type ShellApp } from './support/shell-app.ts';
import {
  accounts,
  addProvider,
  createVault,
  finishedFlow,
  startSignIn,
} from './support/sign-in.ts';

/**
 * Custom-scheme redirects reach a pending sign-in the way the OS delivers them to the built
 * app: in a second launch's argv (Windows, Linux) and by `open-url` (macOS), against the
 * real oidc-provider on 127.0.0.1.
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

async function launch(options: { argv?: string[]; manualReady?: boolean } = {}) {
  const dirs = await tempDataDir();
  root = dirs.root;
  app = await launchShell({ userData: dirs.userData, ...options });
  return app;
}

/** Signs in at the IdP in the "system browser" up to the custom-scheme redirect. */
async function redirectFromIdp(authorizationUrl: string, account: string): Promise<string> {
  const outcome = await browse(authorizationUrl, { account });
  if (outcome.kind !== 'custom-scheme') throw new Error(`expected a redirect, got ${outcome.kind}`);
  expect(outcome.url.startsWith(`${CUSTOM_SCHEME}:/oauth/callback?`)).toBe(true);
  return outcome.url;
}

describe('custom-scheme redirects', () => {
  it('a redirect in a second launch’s argv completes the pending sign-in', async () => {
    const app = await launch();
    await createVault(app);
    const provider = await addProvider(app, idp.issuer, 'custom-scheme');
    const { flow, authorizationUrl } = await startSignIn(app, provider.id);
    expect(new URL(authorizationUrl).searchParams.get('redirect_uri')).toBe(
      `${CUSTOM_SCHEME}:/oauth/callback`,
    );
    const redirect = await redirectFromIdp(authorizationUrl, 'alice');

    // What Windows and Linux do: launch the app again with the URL; the lock forwards argv.
    await app.send({
      cmd: 'emit',
      target: 'app',
      event: 'second-instance',
      eventParams: {},
      args: [[process.execPath, '--enable-features=X', redirect], '/home/alice', {}],
    });
    expect(await finishedFlow(app, flow.id)).toMatchObject({ status: 'succeeded' });
    expect(await accounts(app)).toEqual([
      expect.objectContaining({ subject: 'alice', providerId: provider.id, status: 'active' }),
    ]);
  });

  it('a redirect by open-url (macOS) completes the pending sign-in and is marked handled', async () => {
    const app = await launch();
    await createVault(app);
    const provider = await addProvider(app, idp.issuer, 'custom-scheme');
    const { flow, authorizationUrl } = await startSignIn(app, provider.id);
    const redirect = await redirectFromIdp(authorizationUrl, 'bob');

    const reply = await app.send({
      cmd: 'emit',
      target: 'app',
      event: 'open-url',
      eventParams: {},
      args: [redirect],
    });
    expect(reply).toEqual({ defaultPrevented: true });
    expect(await finishedFlow(app, flow.id)).toMatchObject({ status: 'succeeded' });
    expect((await accounts(app)).map((a) => a.subject)).toEqual(['bob']);
  });

  it('a redirect replayed from another launch is refused, and the account stays single', async () => {
    const app = await launch();
    await createVault(app);
    const provider = await addProvider(app, idp.issuer, 'custom-scheme');
    const { flow, authorizationUrl } = await startSignIn(app, provider.id);
    const redirect = await redirectFromIdp(authorizationUrl, 'alice');
    const open = () =>
      app.send({
        cmd: 'emit',
        target: 'app',
        event: 'open-url',
        eventParams: {},
        args: [redirect],
      });
    await open();
    expect(await finishedFlow(app, flow.id)).toMatchObject({ status: 'succeeded' });
    const seen = app.reports.length;
    await open();
    const notice = await app.report('notification', () => true, seen);
    expect(notice.title).toBe('Sign-in response ignored');
    expect(await accounts(app)).toHaveLength(1);
  });

  it('URLs of other schemes in open-url or argv are not handed to the core', async () => {
    const app = await launch();
    const seen = app.reports.length;
    await app.send({
      cmd: 'emit',
      target: 'app',
      event: 'open-url',
      eventParams: {},
      args: ['https://evil.example/oauth/callback?code=x&state=y'],
    });
    await app.send({
      cmd: 'emit',
      target: 'app',
      event: 'second-instance',
      eventParams: {},
      args: [[process.execPath, 'file:///etc/passwd'], '/', {}],
    });
    await app.apiOk('vault.status'); // a round trip after both events
    expect(app.reports.slice(seen).filter((r) => r.type === 'notification')).toEqual([]);
  });

  it('a redirect in the first launch’s own argv is held until the core starts', async () => {
    const stale = `${CUSTOM_SCHEME}:/oauth/callback?code=abc&state=no-such-sign-in`;
    const app = await launch({ argv: [stale], manualReady: true });
    expect(app.reports.filter((r) => r.type === 'notification')).toEqual([]);
    await app.send({ cmd: 'ready' });
    // With no sign-in pending for that state, the user is told it was ignored.
    const notice = await app.report('notification');
    expect(notice.title).toBe('Sign-in response ignored');
  });
});
