import type { AccountScriptingInput, AccountSummary } from '../../../contract/domain.ts';
import type { AccountService } from '../accounts/account-service.ts';
import { AppError } from '../errors.ts';
import type { CoreEvents } from '../events.ts';
import type { MetadataStore } from '../metadata/metadata-store.ts';
import type { ProviderService } from '../providers/provider-service.ts';
import { validateShortName } from './short-name.ts';

export interface AccountScriptingDeps {
  metadata: MetadataStore;
  accounts: AccountService;
  providers: ProviderService;
  events: CoreEvents;
}

/** Changes an account's short name, script access or bound git hosts. */
export function updateAccountScripting(
  deps: AccountScriptingDeps,
  input: AccountScriptingInput,
): AccountSummary {
  const account = deps.metadata.getAccount(input.id);
  if (!account) throw new AppError('NOT_FOUND', 'That account no longer exists.');
  const next = { ...account };
  if (input.shortName !== undefined && input.shortName.trim() !== account.shortName) {
    const taken = new Set(
      deps.metadata.listAccounts().flatMap((a) => (a.id === account.id ? [] : [a.shortName])),
    );
    next.shortName = validateShortName(input.shortName, taken);
  }
  if (input.access !== undefined) next.scriptAccess = input.access;
  if (input.gitHosts !== undefined) {
    next.gitHosts = [...new Set(input.gitHosts.map((h) => h.trim().toLowerCase()).filter(Boolean))];
  }
  deps.metadata.saveAccount(next);
  deps.accounts.changed(next.id);
  return deps.accounts.summarize(next, deps.providers.get(next.providerId));
}
