/**
 * Start-up as the app does it, for the bench: build the core over an existing data folder,
 * load and unlock the vault, list the accounts, print how many, exit.
 * Usage: node start-child.ts <data folder> <passphrase>
 */
import { createHarness } from '../support/core-harness.ts';

const [dir, passphrase] = process.argv.slice(2);
const h = await createHarness({ dir: dir!, vault: false });
await h.core.vault.unlock(passphrase!);
process.stdout.write(`${h.core.accounts.summaries().length}\n`);
process.exit(0);
