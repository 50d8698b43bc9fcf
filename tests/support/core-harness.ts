import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { createCore, type Core, type CoreOptions } from '../../main/core/app-core.ts';
import { registerSecret, scanForSecrets } from './leak-detector.ts';
import { MemoryClipboard } from '../../scripts/browser/memory-clipboard.ts';
import { TestKeychain } from './test-keychain.ts';

export { MemoryClipboard };

/** Cheap scrypt for tests; real vaults use the OWASP parameters. */
export const TEST_SCRYPT = { N: 2 ** 12, r: 8, p: 1 };

export interface Harness {
  core: Core;
  dir: string;
  clipboard: MemoryClipboard;
  keychain: TestKeychain;
  notifications: { title: string; body: string }[];
  /** URLs the core asked the system browser to open, in order. */
  opened: string[];
  /** Resolves with the next URL the core opens in the "system browser". */
  nextOpened(): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<
  Pick<
    CoreOptions,
    | 'signInTimeoutMs'
    | 'httpTimeoutSeconds'
    | 'now'
    | 'consentTimeoutMs'
    | 'agentLimits'
    | 'network'
  >
> {
  dir?: string;
  keychain?: TestKeychain;
  /** Create the vault with this passphrase instead of the keychain; `false` leaves it missing. */
  vault?: { passphrase: string } | 'keychain' | false;
}

/**
 * The metadata file (accounts, token history, access log) is written next to the vault in
 * plain JSON: no secret may ever be in it (leak-detector.ts).
 */
export async function scanMetadataFile(dir: string): Promise<void> {
  const read = (name: string) => readFile(join(dir, name), 'utf8').catch(() => '');
  scanForSecrets(
    `${await read('metadata.json')}\n${await read('metadata.json.journal')}`,
    'metadata.json',
  );
}

/** A real core on plain Node in a temporary data folder, as the app builds it. */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'token-desk-test-')));
  const clipboard = new MemoryClipboard();
  const keychain = options.keychain ?? new TestKeychain();
  const notifications: Harness['notifications'] = [];
  const opened: string[] = [];
  const waiters: ((url: string) => void)[] = [];
  const store = new Conf<Record<string, unknown>>({
    cwd: dir,
    configName: 'metadata',
    configFileMode: 0o600,
  });

  const core = createCore({
    dataDir: dir,
    metadataStore: store,
    keychain,
    clipboard,
    scrypt: TEST_SCRYPT,
    notify: (title, body) => {
      scanForSecrets(`${title}\n${body}`, 'notification');
      notifications.push({ title, body });
    },
    openExternal: async (url) => {
      opened.push(url);
      waiters.shift()?.(url);
    },
    signInTimeoutMs: options.signInTimeoutMs ?? 30_000,
    httpTimeoutSeconds: options.httpTimeoutSeconds ?? 5,
    agentSocketPath: join(dir, 'agent.sock'),
    ...(options.now ? { now: options.now } : {}),
    ...(options.consentTimeoutMs ? { consentTimeoutMs: options.consentTimeoutMs } : {}),
    ...(options.agentLimits ? { agentLimits: options.agentLimits } : {}),
    // No test reads the machine's proxy variables (each says which proxy it means), and no
    // test name is ever looked up in DNS: unmapped names fail at once, on this machine.
    network: { proxyVariables: {}, hostAliases: {}, ...options.network },
  });
  // Everything the core tells the UI is checked for secrets (see leak-detector.ts).
  core.events.subscribe((event, payload) => scanForSecrets(payload, `event ${event}`));
  await core.start();
  const vault = options.vault ?? 'keychain';
  if (vault !== false && vault !== 'keychain') registerSecret(vault.passphrase, 'passphrase');
  if (vault !== false && (await core.vault.status()).state === 'missing') {
    await core.vault.create(
      vault === 'keychain'
        ? { kind: 'os-keychain' }
        : { kind: 'passphrase', passphrase: vault.passphrase },
    );
  }

  return {
    core,
    dir,
    clipboard,
    keychain,
    notifications,
    opened,
    nextOpened: () => new Promise((resolve) => waiters.push(resolve)),
    async close() {
      core.dispose();
      await scanMetadataFile(dir);
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
