import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createBrowserCore as createCoreForBrowser,
  type BrowserCore,
  type BrowserCoreOptions,
} from '../../scripts/browser/browser-core.ts';
import { scanMetadataFile, TEST_SCRYPT } from './core-harness.ts';
import { scanForSecrets } from './leak-detector.ts';
import { TestKeychain } from './test-keychain.ts';

export type { BrowserCore };

/**
 * The browser host's core for e2e tests: by default in a temporary folder removed on close,
 * with an in-memory stand-in keychain and cheap key derivation.
 */
export async function createBrowserCore(
  options: Partial<BrowserCoreOptions> = {},
): Promise<BrowserCore> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'token-desk-e2e-')));
  const app = await createCoreForBrowser({
    scrypt: TEST_SCRYPT,
    keychain: new TestKeychain(),
    ...options,
    agentSocketPath: join(dir, 'agent.sock'),
    dir,
    notify: (title, body) => {
      scanForSecrets(`${title}\n${body}`, 'notification');
      options.notify?.(title, body);
    },
  });
  app.core.events.subscribe((event, payload) => scanForSecrets(payload, `event ${event}`));
  return {
    ...app,
    async close() {
      await app.close();
      await scanMetadataFile(dir);
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
