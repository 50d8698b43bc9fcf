import type { Core } from '../../main/core/app-core.ts';
import { accountVaultId, type AccountRecord, type StoredTokens } from '../../main/core/model.ts';
import { testPassword } from '../servers/oidc-idp.ts';

/** Signs in `users` at a provider with the password grant (real tokens, one request each). */
export async function signInUsers(
  core: Core,
  providerId: string,
  users: readonly string[],
  concurrency = 8,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const username = users[next++]!;
      await core.signIn.start({
        providerId,
        method: 'password',
        username,
        password: testPassword(username),
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Adds `count` copies of a signed-in account (tokens and binding copied in the vault), for
 * tests and benchmarks that need many accounts on screen. `vary` gives each copy its label,
 * subject, scopes or expiry. The copies share the original's refresh token: refresh the
 * original, not them.
 */
export async function cloneAccounts(
  core: Core,
  originalId: string,
  count: number,
  vary: (i: number) => Partial<AccountRecord> = (i) => ({ label: `Account ${i + 1}` }),
): Promise<string[]> {
  const original = core.metadata.getAccount(originalId)!;
  const tokens = core.vault.get<StoredTokens>(accountVaultId(originalId))!;
  const binding = core.vault.bindingOf(accountVaultId(originalId)) ?? null;
  const copies: AccountRecord[] = Array.from({ length: count }, (_, i) => ({
    ...original,
    id: `${originalId}-copy-${i}`,
    shortName: `copy-${i}`,
    scriptAccess: 'never',
    ...vary(i),
  }));
  await Promise.all(copies.map((c) => core.vault.put(accountVaultId(c.id), tokens, binding)));
  // Written in one go: saving thousands one by one is not what is measured.
  core.metadata.saveAccounts(copies);
  core.accounts.resetSummaries();
  return copies.map((c) => c.id);
}
