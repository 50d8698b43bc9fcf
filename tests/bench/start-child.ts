/**
 * Start-up as the app does it, for the bench: build the core over an existing data folder,
 * load and unlock the vault, list the accounts, print how many, exit. The bench runs this
 * bundled the way main/ ships (sources in one file, packages from node_modules).
 * Usage: node start-child.js <data folder> <passphrase>
 */
import Conf from 'conf';
import { createCore } from '../../main/core/app-core.ts';

const [dir, passphrase] = process.argv.slice(2);
const core = createCore({
  dataDir: dir!,
  metadataStore: new Conf<Record<string, unknown>>({
    cwd: dir!,
    configName: 'metadata',
    configFileMode: 0o600,
  }),
  openExternal: async () => undefined,
  clipboard: { readText: () => '', writeText: () => undefined },
});
await core.start();
await core.vault.unlock(passphrase!);
process.stdout.write(`${core.accounts.summaries().length}\n`);
process.exit(0);
