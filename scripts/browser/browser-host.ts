/**
 * Runs the built renderer in real Chromium against a real core in this process: the browser
 * stand-in for the Electron shell. `window.tokenManager` is the preload's API
 * (`createTokenManagerApi`) over one Playwright binding bound to the same IPC handler table
 * main registers; core events are pushed to the page like `webContents.send`; the core's
 * `openExternal` opens a new page in the same browser (the "system browser").
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { InvokeChannel } from '../../contract/channels.ts';
import type { Core } from '../../main/core/app-core.ts';
import { bridgeScript } from './browser-bundle.ts';
import { EVENT_DISPATCHER, INVOKE_BINDING, toWire } from './browser-protocol.ts';
import { startStaticServer } from './browser-static-server.ts';
import { createIpcHandlers, type HandlerTable } from '../../main/core/ipc/handlers.ts';
import { findChromium } from './find-chromium.ts';

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

/** Without the background-networking flags Chromium's connections get refused here. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The core's `openExternal`, bound late: the core is built before the browser exists.
 * Pass `systemBrowser.openExternal` to `createCore`, and the system browser to the host.
 */
export interface SystemBrowser {
  openExternal(url: string): Promise<void>;
  attach(open: ((url: string) => Promise<void>) | undefined): void;
}

export function createSystemBrowser(): SystemBrowser {
  let target: ((url: string) => Promise<void>) | undefined;
  return {
    openExternal: async (url) => {
      if (!target) throw new Error('No browser is attached to open the sign-in page.');
      await target(url);
    },
    attach: (open) => {
      target = open;
    },
  };
}

export interface BrowserHostOptions {
  core: Core;
  /** Where the core's `openExternal` goes; omit when the core opens URLs some other way. */
  systemBrowser?: SystemBrowser;
  headless?: boolean;
  rendererDir?: string;
  /** Load the renderer from this origin (Vite's dev server) instead of serving rendererDir. */
  rendererUrl?: string;
  /** The Chrome or Chromium to launch; found by {@link findChromium} when omitted. */
  executablePath?: string;
  colorScheme?: 'light' | 'dark';
  /** null: follow the window size (headed preview). */
  viewport?: { width: number; height: number } | null;
  extraArgs?: string[];
  /** Builds the IPC handler table the page talks to (tests wrap it to scan for secrets). */
  createHandlers?: (core: Core, options: { trustedSenders: readonly string[] }) => HandlerTable;
}

export interface BrowserHost {
  browser: Browser;
  context: BrowserContext;
  /** The app window. */
  page: Page;
  origin: string;
  /** Uncaught errors and console errors of the app page (CSP violations show up here). */
  pageErrors: string[];
  close(): Promise<void>;
}

function isLoopbackUrl(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const executablePath = options.executablePath ?? findChromium();
  if (!options.rendererUrl && !existsSync(`${rendererDir}/index.html`)) {
    throw new Error(
      `The renderer is not built (${rendererDir} is missing). Run \`npx electron-vite build\` first.`,
    );
  }
  const [server, script] = await Promise.all([
    options.rendererUrl
      ? { origin: new URL(options.rendererUrl).origin, close: async () => undefined }
      : startStaticServer(rendererDir),
    bridgeScript(),
  ]);

  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: options.headless ?? true,
      args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    });
    const context = await browser.newContext({
      viewport: options.viewport === undefined ? { width: 1280, height: 820 } : options.viewport,
      colorScheme: options.colorScheme ?? 'light',
      reducedMotion: 'reduce',
    });
    // Fail a waiting test in seconds, not the default 30 s.
    context.setDefaultTimeout(10_000);
    // Tests and the preview only ever talk to 127.0.0.1 (the IdP pages import web fonts).
    await context.route(
      (url) => !isLoopbackUrl(url),
      (route) => route.abort('blockedbyclient'),
    );

    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') {
        pageErrors.push(message.text());
      }
    });

    const handlers = (options.createHandlers ?? createIpcHandlers)(options.core, {
      trustedSenders: [server.origin],
    });
    await page.exposeBinding(INVOKE_BINDING, async (source, channel: unknown, input: unknown) => {
      if (typeof channel !== 'string' || !Object.hasOwn(handlers, channel)) {
        return toWire({ ok: false, error: { code: 'INVALID_INPUT', message: 'Unknown request.' } });
      }
      // The frame's URL is the sender, as `event.senderFrame.url` is in Electron.
      return toWire(await handlers[channel as InvokeChannel](source.frame.url(), input));
    });
    await page.addInitScript({ content: script });

    const unsubscribe = options.core.events.subscribe((event, payload) => {
      page
        .evaluate(
          ({ name, event, wire }) => {
            const dispatch = (globalThis as Record<string, unknown>)[name] as
              ((event: string, wire: string | undefined) => void) | undefined;
            dispatch?.(event, wire);
          },
          { name: EVENT_DISPATCHER, event, wire: toWire(payload) },
        )
        // A page that is loading or closed has no listeners to miss the event; it lists afresh.
        .catch(() => undefined);
    });

    options.systemBrowser?.attach(async (url) => {
      const tab = await context.newPage();
      // Like shell.openExternal: hand the URL over without waiting for the page to load.
      tab.goto(url).catch(() => undefined);
    });

    await page.goto(`${server.origin}/`);
    const opened = browser;
    return {
      browser: opened,
      context,
      page,
      origin: server.origin,
      pageErrors,
      async close() {
        unsubscribe();
        options.systemBrowser?.attach(undefined);
        await opened.close().catch(() => undefined);
        await server.close();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await server.close();
    throw err;
  }
}
