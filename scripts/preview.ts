/**
 * `npm run preview`: Token Desk without Electron, for people. The built renderer runs in a
 * Chromium window against a real core in this process (the same browser host the e2e tests
 * use), with the demo OpenID provider and data kept in ./.preview-data between runs.
 *
 * `safeStorage` needs Electron, so the "system keychain" here is a stand-in whose key lives in
 * .preview-data/preview-keychain.key. Fine for trying the app, not for real tokens.
 * PREVIEW_HEADLESS=1 runs without a window (to check the preview where there is no display).
 */
import { spawnSync } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ISSUER, providerPresets } from '../main/core/providers/presets.ts';
import { DEFAULT_SCRYPT, type OsKeychain } from '../main/core/vault/key-protection.ts';
import { createBrowserCore, type BrowserCore } from './browser/browser-core.ts';
import { startBrowserHost, type BrowserHost } from './browser/browser-host.ts';
import { ChromiumNotFoundError, findChromium } from './browser/find-chromium.ts';
import type { DemoProvider } from './demo-idp.ts';
import { DemoError, demoIdpRunning, oneSentence, startDemoIdp } from './demo.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DATA_DIR = join(ROOT, '.preview-data');
const RENDERER_OUT = join(ROOT, 'out/renderer/index.html');
const HEADLESS = process.env['PREVIEW_HEADLESS'] === '1';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Stands in for safeStorage: AES-256-GCM with a key kept in a 0600 file of the preview data. */
class PreviewKeychain implements OsKeychain {
  private readonly keyFile: string;
  private key: Buffer | undefined;

  constructor(keyFile: string) {
    this.keyFile = keyFile;
  }

  async isAvailable(): Promise<boolean> {
    return true;
  }

  async encrypt(plainText: string): Promise<Buffer> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.loadKey(), iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  async decrypt(encrypted: Buffer): Promise<{ plainText: string; shouldReEncrypt: boolean }> {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      await this.loadKey(),
      encrypted.subarray(0, 12),
    );
    decipher.setAuthTag(encrypted.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]);
    return { plainText: plain.toString('utf8'), shouldReEncrypt: false };
  }

  private async loadKey(): Promise<Buffer> {
    if (this.key) return this.key;
    try {
      this.key = Buffer.from(await readFile(this.keyFile, 'utf8'), 'base64');
    } catch {
      this.key = randomBytes(32);
      await writeFile(this.keyFile, this.key.toString('base64'), { mode: 0o600 });
    }
    return this.key;
  }
}

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds with electron-vite when out/renderer is missing or older than its sources. */
function buildRendererIfStale(): void {
  const sources = ['renderer', 'contract', 'preload/api.ts', 'electron.vite.config.ts'].map((p) =>
    join(ROOT, p),
  );
  const stale =
    !existsSync(RENDERER_OUT) ||
    Math.max(...sources.map(newestMtime)) > statSync(RENDERER_OUT).mtimeMs;
  if (!stale) return;
  say('Building the renderer…');
  const result = spawnSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new DemoError('Building the renderer failed (see above).');
}

async function main(): Promise<void> {
  let idp: DemoProvider | undefined;
  let app: BrowserCore | undefined;
  let host: BrowserHost | undefined;
  const shutdown = async (code: number) => {
    await host?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await idp?.close().catch(() => undefined);
    process.exit(code);
  };

  try {
    if (await demoIdpRunning()) {
      say(`Using the demo provider already running at ${DEMO_ISSUER}.`);
    } else {
      idp = await startDemoIdp();
    }
    buildRendererIfStale();

    await mkdir(DATA_DIR, { recursive: true, mode: 0o700 });
    app = await createBrowserCore({
      dir: DATA_DIR,
      keychain: new PreviewKeychain(join(DATA_DIR, 'preview-keychain.key')),
      scrypt: DEFAULT_SCRYPT,
      httpTimeoutSeconds: 10,
      version: 'preview',
      notify: (title, body) => say(`[notification] ${title}: ${body}`),
    });
    const demo = providerPresets().find((preset) => preset.id === 'demo');
    if (demo && !app.core.providers.list().some((p) => p.issuer?.startsWith(DEMO_ISSUER))) {
      await app.core.providers.add(demo.input);
    }

    if (
      !HEADLESS &&
      process.platform === 'linux' &&
      !process.env['DISPLAY'] &&
      !process.env['WAYLAND_DISPLAY']
    ) {
      throw new DemoError(
        'No display to open a window on (DISPLAY is not set); run PREVIEW_HEADLESS=1 npm run preview to check the preview without one.',
      );
    }
    let executablePath: string;
    try {
      executablePath = findChromium();
    } catch (err) {
      throw err instanceof ChromiumNotFoundError ? new DemoError(err.message) : err;
    }
    try {
      host = await startBrowserHost({
        core: app.core,
        executablePath,
        systemBrowser: app.systemBrowser,
        headless: HEADLESS,
        viewport: HEADLESS ? { width: 1280, height: 820 } : null,
        extraArgs: HEADLESS ? [] : ['--window-size=1280,860'],
      });
    } catch (err) {
      throw new DemoError(
        `Chromium could not open a window (${(err instanceof Error ? err.message : String(err)).split('\n')[0]}); on a machine without a display run PREVIEW_HEADLESS=1 npm run preview.`,
      );
    }
  } catch (err) {
    console.error(oneSentence(err));
    await shutdown(1);
    return;
  }

  say('');
  say(
    `Token Desk preview: ${HEADLESS ? 'running headless' : 'Chromium window open'} on ${host.origin}`,
  );
  say(`  Data        ${DATA_DIR} (delete it to start over)`);
  say('  Keychain    a stand-in for safeStorage, keyed by .preview-data/preview-keychain.key;');
  say('              do not keep real tokens here');
  say(`  Demo IdP    ${DEMO_ISSUER} (any user name and password)`);
  say('Close the window or press Ctrl+C to stop.');

  host.browser.once('disconnected', () => void shutdown(0));
  host.page.once('close', () => void shutdown(0));
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
}

await main();
