import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTrayMenu } from '../../main/core/tray-menu.ts';
import {
  RENDERER_CSP,
  RENDERER_ENTRY_URL,
  rendererContentType,
} from '../../main/core/renderer-path.ts';
import { CUSTOM_SCHEME } from '../../main/core/app-core.ts';
import { INVOKE_CHANNELS } from '../../contract/channels.ts';
import type { DoubleState } from './electron-double/protocol-messages.ts';
import { launchShell, removeDir, ROOT, tempDataDir, type ShellApp } from './support/shell-app.ts';
import { expectedMenu } from './support/tray-template.ts';

/**
 * The built main bundle (out/main/index.js), run on plain Node against the Electron double
 * with the real core behind it: what `electron .` would do, minus Chromium.
 */

let app: ShellApp | undefined;
let root: string | undefined;

afterEach(async () => {
  await app?.stop();
  app = undefined;
  if (root) await removeDir(root);
  root = undefined;
});

async function launch(
  options: Parameters<typeof launchShell>[0] extends infer O ? Partial<O> : never = {},
) {
  const dirs = await tempDataDir();
  root = dirs.root;
  app = await launchShell({ userData: dirs.userData, ...options });
  return { app, userData: dirs.userData };
}

const calls = (state: DoubleState, name: string) => state.calls.filter((c) => c.call === name);

interface FetchReply {
  status: number;
  headers: Record<string, string>;
  text: string;
  size: number;
}

describe('launch', () => {
  it('loads, takes the single-instance lock and registers the app: scheme before ready', async () => {
    const { app, userData } = await launch({ manualReady: true });
    const state = await app.state();
    expect(state.ready).toBe(false);
    expect(state.calls[0]?.call).toBe('app.requestSingleInstanceLock');
    expect(calls(state, 'app.setAsDefaultProtocolClient')).toEqual([
      {
        call: 'app.setAsDefaultProtocolClient',
        args: [CUSTOM_SCHEME, undefined, undefined],
        afterReady: false,
      },
    ]);
    expect(state.protocol.privileged).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
      },
    ]);
    // Nothing that needs `ready` happened before it.
    expect(state.windows).toEqual([]);
    expect(state.trays).toEqual([]);
    expect(state.protocol.handled).toEqual([]);
    // The data folder exists, owner-only, before anything is written in it.
    expect(statSync(userData).mode & 0o777).toBe(0o700);
  });

  it('registers the scheme with the app path when run unpackaged as `electron .`', async () => {
    const { app } = await launch({ manualReady: true, defaultApp: true });
    expect(calls(await app.state(), 'app.setAsDefaultProtocolClient')[0]?.args).toEqual([
      CUSTOM_SCHEME,
      process.execPath,
      [ROOT],
    ]);
  });

  it('tightens a data folder others could read before writing to it', async () => {
    const dirs = await tempDataDir();
    root = dirs.root;
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dirs.userData, { recursive: true, mode: 0o755 });
    app = await launchShell({ userData: dirs.userData });
    expect(statSync(dirs.userData).mode & 0o777).toBe(0o700);
    await app.apiOk('settings.update', { clipboardClearSeconds: 20 });
    expect(statSync(join(dirs.userData, 'metadata.json')).mode & 0o777).toBe(0o600);
  });

  it('a second instance quits at once, without creating or registering anything', async () => {
    const dirs = await tempDataDir();
    root = dirs.root;
    app = await launchShell({ userData: dirs.userData, singleInstanceLock: false });
    const { code, state } = await app.exited;
    expect(code).toBe(0);
    expect(state?.calls.map((c) => c.call)).toEqual(['app.requestSingleInstanceLock', 'app.quit']);
    expect(existsSync(dirs.userData)).toBe(false);
  });

  it('sets the Windows app user model id (notifications) only on Windows', async () => {
    const { app } = await launch({ platform: 'win32' });
    expect(calls(await app.state(), 'app.setAppUserModelId')[0]?.args).toEqual([
      'io.github.tokendesk.app',
    ]);
  });

  it('a data folder it cannot read shows one error box and exits 1', async () => {
    const dirs = await tempDataDir();
    root = dirs.root;
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dirs.userData, 'vault.json'), { recursive: true });
    app = await launchShell({ userData: dirs.userData, manualReady: true });
    await app.send({ cmd: 'ready' });
    const { code, state } = await app.exited;
    expect(code).toBe(1);
    expect(state?.errorBoxes).toEqual([
      { title: 'Token Desk could not start', content: expect.stringMatching(/\S/) },
    ]);
    expect(state?.windows).toEqual([]);
  });
});

describe('app:// serves the built renderer through the registered handler', () => {
  it('serves index.html and every asset it references, with the CSP header', async () => {
    const { app } = await launch();
    const index = await app.send<FetchReply>({ cmd: 'fetch', url: RENDERER_ENTRY_URL });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.text).toBe(readFileSync(join(ROOT, 'out/renderer/index.html'), 'utf8'));

    const assets = [...index.text.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2); // the script and the stylesheet
    for (const asset of assets) {
      const reply = await app.send<FetchReply>({
        cmd: 'fetch',
        url: new URL(asset, RENDERER_ENTRY_URL).href,
      });
      const file = join(ROOT, 'out/renderer', asset);
      expect({ asset, status: reply.status }).toEqual({ asset, status: 200 });
      expect(reply.size).toBe(statSync(file).size);
      expect(reply.headers['content-type']).toBe(rendererContentType(file));
    }
  });

  it('refuses traversal, other hosts and writes', async () => {
    const { app } = await launch();
    const status = async (url: string, method?: string) =>
      (await app.send<FetchReply>({ cmd: 'fetch', url, ...(method ? { method } : {}) })).status;
    for (const url of [
      'app://renderer/../package.json',
      'app://renderer/%2e%2e/package.json',
      'app://renderer/assets/..%2f..%2f..%2fpackage.json',
      'app://renderer/..%5c..%5cpackage.json',
      'app://renderer/%2e%2e%2f%2e%2e%2fmain%2findex.js',
      'app://renderer/does-not-exist.js',
      'app://other-host/index.html',
    ]) {
      expect({ url, status: await status(url) }).toEqual({ url, status: 404 });
    }
    expect(await status(RENDERER_ENTRY_URL, 'POST')).toBe(405);
    const head = await app.send<FetchReply>({
      cmd: 'fetch',
      url: RENDERER_ENTRY_URL,
      method: 'HEAD',
    });
    expect(head).toMatchObject({ status: 200, size: 0 });
  });
});

describe('the window', () => {
  it('has the secure webPreferences and a preload that exists in out/', async () => {
    const { app } = await launch();
    const [window] = (await app.state()).windows;
    expect(window?.options.webPreferences).toEqual({
      preload: join(ROOT, 'out/preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: true,
    });
    expect(existsSync(join(ROOT, 'out/preload/index.cjs'))).toBe(true);
    expect(window).toMatchObject({
      url: RENDERER_ENTRY_URL,
      loadStatus: 200,
      visible: true,
      preload: { exposedKeys: ['tokenManager'], required: ['electron'] },
    });
    expect(window?.options).toMatchObject({ show: false, title: 'Token Desk' });
  });

  it('a build without the renderer still shows the window, and says why on stderr', async () => {
    const empty = await tempDataDir();
    try {
      const { app } = await launch({ appPath: empty.root, manualReady: true });
      await app.send({ cmd: 'ready' });
      const state = await app.waitFor((s) => s.windows[0]?.visible === true, 'the window');
      expect(state.windows[0]).toMatchObject({ loadStatus: 404, preload: null });
      expect(app.stderr).toContain(`Could not load ${RENDERER_ENTRY_URL}`);
    } finally {
      await removeDir(empty.root);
    }
  });

  it('a packaged app has no dev tools', async () => {
    const { app } = await launch({ packaged: true });
    const [window] = (await app.state()).windows;
    expect(window?.options.webPreferences).toMatchObject({ devTools: false });
  });

  it('closing it keeps the app in the tray; a second launch shows it again', async () => {
    const { app } = await launch();
    await app.send({ cmd: 'close-window' });
    let state = await app.state();
    expect(state.windows.map((w) => w.destroyed)).toEqual([true]);
    await app.send({
      cmd: 'emit',
      target: 'app',
      event: 'second-instance',
      eventParams: {},
      args: [[process.execPath], ROOT, {}],
    });
    state = await app.waitFor(
      (s) => s.windows.length === 2 && s.windows[1]!.visible,
      'a new window',
    );
    expect(state.windows[1]?.url).toBe(RENDERER_ENTRY_URL);
    // Activating again focuses the window it has instead of creating another.
    await app.send({
      cmd: 'emit',
      target: 'app',
      event: 'activate',
      eventParams: {},
      args: [true],
    });
    state = await app.state();
    expect(state.windows).toHaveLength(2);
    expect(state.windows[1]?.focused).toBe(true);
  });

  it('without a status area the window still opens, and closing it quits', async () => {
    const { app } = await launch({ trayUnavailable: true });
    expect(app.stderr).toContain('Tray unavailable');
    await app.send({ cmd: 'close-window' });
    const { code } = await app.exited;
    expect(code).toBe(0);
  });
});

describe('IPC', () => {
  it('registers a handler for every invoke channel of the contract, and nothing else', async () => {
    const { app } = await launch();
    const { ipc } = await app.state();
    expect([...ipc.handled].sort()).toEqual([...INVOKE_CHANNELS].sort());
    // electron-store's own listener is the only `ipcMain.on`.
    expect(ipc.listened).toEqual(['electron-store-get-data']);
  });

  it('refuses a sender that is not the app page, or a frame that is gone', async () => {
    const { app } = await launch();
    for (const senderUrl of ['https://evil.example/', 'file:///etc/passwd', null, 'disposed']) {
      const result = await app.send({ cmd: 'invoke', channel: 'vault:status', senderUrl });
      expect(result).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    }
    expect(
      await app.send({ cmd: 'invoke', channel: 'vault:status', senderUrl: RENDERER_ENTRY_URL }),
    ).toMatchObject({ ok: true, value: { state: 'missing' } });
  });
});

describe('hardening', () => {
  it('blocks navigation, redirects, new windows and webviews away from the app', async () => {
    const { app } = await launch();
    const emit = (event: string, url?: string) =>
      app.send<{ defaultPrevented: boolean }>({
        cmd: 'emit',
        target: 'webContents',
        event,
        eventParams: url ? { url } : {},
        args: url ? [url] : [],
      });
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(await emit(event, 'https://evil.example/')).toEqual({ defaultPrevented: true });
      expect(await emit(event, `${RENDERER_ENTRY_URL}#/accounts`)).toEqual({
        defaultPrevented: false,
      });
    }
    expect(await emit('will-attach-webview')).toEqual({ defaultPrevented: true });
    expect(await app.send({ cmd: 'window-open', url: 'https://example.com/' })).toEqual({
      action: 'deny',
    });
  });

  it('denies every permission request, check and device request', async () => {
    const { app } = await launch();
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation']) {
      expect(await app.send({ cmd: 'permission', permission })).toEqual({
        requested: false,
        checked: false,
        device: false,
      });
    }
  });
});

describe('the tray', () => {
  it("is built from the core's menu model, with a 1x/2x icon", async () => {
    const { app } = await launch();
    const [tray] = (await app.state()).trays;
    expect(tray?.tooltip).toBe('Token Desk');
    expect(tray?.image).toEqual({ image: '22x22', scaleFactors: [1, 2], template: false });
    expect(tray?.menu).toEqual(expectedMenu(buildTrayMenu([], Date.now(), { locked: true })));
  });

  it('uses a template image on macOS', async () => {
    const { app } = await launch({ platform: 'darwin' });
    const [tray] = (await app.state()).trays;
    expect(tray?.image).toEqual({ image: '16x16', scaleFactors: [1, 2], template: true });
  });

  it('"Show Token Desk" reopens a closed window and "Quit" quits', async () => {
    const { app } = await launch();
    await app.send({ cmd: 'close-window' });
    await app.send({ cmd: 'menu-click', labels: ['Show Token Desk'] });
    await app.waitFor((s) => s.windows.length === 2 && s.windows[1]!.visible, 'a new window');
    await app.send({ cmd: 'menu-click', labels: ['Quit'] });
    const { code, state } = await app.exited;
    expect(code).toBe(0);
    expect(state?.trays[0]?.destroyed).toBe(true);
  });
});
