import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import electronViteConfig from '../../electron.vite.config.ts';
import { startBrowserHost, type BrowserHost } from '../support/browser-host.ts';
import { createBrowserCore, type BrowserCore } from '../support/browser-core.ts';
import { screenshot } from '../support/browser-test-kit.ts';

/**
 * `npm run dev` loads the renderer from Vite's dev server instead of the built bundle. The
 * Electron window cannot run here, so the same dev server is opened in Chromium with the
 * browser host: the page must work under its Content Security Policy, styled and connected
 * to the dev server for live updates.
 */

let server: ViteDevServer;
let app: BrowserCore;
let host: BrowserHost;
const consoleLines: string[] = [];

beforeAll(async () => {
  const renderer = (electronViteConfig as { renderer: Record<string, unknown> }).renderer;
  server = await createServer({
    ...renderer,
    configFile: false,
    root: resolve(import.meta.dirname, '../../renderer'),
    server: { host: '127.0.0.1', port: 0 },
    logLevel: 'silent',
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the dev server has no local URL');
  app = await createBrowserCore();
  host = await startBrowserHost({ core: app.core, rendererUrl: url });
  host.page.on('console', (message) => consoleLines.push(message.text()));
  await host.page.reload();
});

afterAll(async () => {
  await host?.close();
  await app?.close();
  await server?.close();
});

describe('the renderer from the dev server (npm run dev)', () => {
  it('shows the first screen, styled, without CSP violations', async () => {
    const { page } = host;
    await page.getByRole('heading', { name: 'Set up your vault' }).waitFor();
    expect(await page.evaluate('getComputedStyle(document.body).margin')).toBe('0px');
    await screenshot(page, 'dev-server-first-screen');
    expect(host.pageErrors.filter((text) => /Content Security Policy|Refused/.test(text))).toEqual(
      [],
    );
  });

  it('is connected to the dev server for live updates', async () => {
    const deadline = Date.now() + 10_000;
    while (
      !consoleLines.some((line) => line.includes('[vite] connected')) &&
      Date.now() < deadline
    ) {
      await host.page.waitForTimeout(50);
    }
    expect(consoleLines).toContain('[vite] connected.');
  });
});
