import { mkdir } from 'node:fs/promises';
import Conf from 'conf';
import { createCore, type Core, type CoreOptions } from '../../main/core/app-core.ts';
import type { OsKeychain } from '../../main/core/vault/key-protection.ts';
import { createSystemBrowser, type SystemBrowser } from './browser-host.ts';
import { MemoryClipboard } from './memory-clipboard.ts';

/**
 * A real core for the browser host, built like main/index.ts builds it but on plain Node:
 * `conf` as the metadata store, a stand-in keychain, an in-memory clipboard, and
 * `openExternal` going to the browser host's "system browser". The vault is left as it is
 * on disk (missing on a first run), so the UI does the setup.
 */
export interface BrowserCore {
  core: Core;
  dir: string;
  clipboard: MemoryClipboard;
  keychain: OsKeychain;
  systemBrowser: SystemBrowser;
  close(): Promise<void>;
}

export interface BrowserCoreOptions extends Partial<
  Pick<
    CoreOptions,
    | 'signInTimeoutMs'
    | 'httpTimeoutSeconds'
    | 'scrypt'
    | 'version'
    | 'notify'
    | 'agentSocketPath'
    | 'network'
  >
> {
  /** The data folder (created 0700 if missing); kept on close. */
  dir: string;
  /** Stands in for `safeStorage`, which needs Electron. */
  keychain: OsKeychain;
  /** Runs in the data folder before the core reads it (e.g. to plant a damaged vault). */
  beforeStart?: (dir: string) => Promise<void>;
}

export async function createBrowserCore(options: BrowserCoreOptions): Promise<BrowserCore> {
  const { dir, keychain } = options;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await options.beforeStart?.(dir);
  const clipboard = new MemoryClipboard();
  const systemBrowser = createSystemBrowser();
  const core = createCore({
    dataDir: dir,
    metadataStore: new Conf<Record<string, unknown>>({
      cwd: dir,
      configName: 'metadata',
      configFileMode: 0o600,
    }),
    keychain,
    clipboard,
    openExternal: (url) => systemBrowser.openExternal(url),
    signInTimeoutMs: options.signInTimeoutMs ?? 5 * 60_000,
    httpTimeoutSeconds: options.httpTimeoutSeconds ?? 5,
    ...(options.scrypt ? { scrypt: options.scrypt } : {}),
    ...(options.version ? { version: options.version } : {}),
    ...(options.notify ? { notify: options.notify } : {}),
    ...(options.agentSocketPath ? { agentSocketPath: options.agentSocketPath } : {}),
    ...(options.network ? { network: options.network } : {}),
  });
  await core.start();
  return {
    core,
    dir,
    clipboard,
    keychain,
    systemBrowser,
    async close() {
      core.dispose();
    },
  };
}
