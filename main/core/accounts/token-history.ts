import { z } from 'zod';
import type { TokenHistoryEntry } from '../../../contract/domain.ts';
import type { KeyValueStore } from '../metadata/metadata-store.ts';

/** How many entries an account keeps; older ones are dropped. */
export const TOKEN_HISTORY_LIMIT = 50;
const KEY = 'tokenHistory';

const entrySchema = z.object({
  at: z.number(),
  event: z.enum(['signed-in', 'refreshed', 'refresh-failed', 'revoked']),
  outcome: z.enum(['ok', 'failed']),
  rotated: z.boolean().optional(),
  method: z
    .enum([
      'authorization-code',
      'implicit',
      'device-code',
      'client-credentials',
      'password',
      'token-import',
    ])
    .optional(),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      providerMessage: z.string().optional(),
    })
    .optional(),
});

/**
 * What happened to each account's tokens (signed in, refreshed, failed, revoked), kept in the
 * metadata store next to the accounts: times, outcomes and error codes, never a token.
 */
export class TokenHistory {
  private readonly store: KeyValueStore;

  constructor(store: KeyValueStore) {
    this.store = store;
  }

  /** Appends an entry, keeping the last {@link TOKEN_HISTORY_LIMIT}. */
  record(accountId: string, entry: TokenHistoryEntry): void {
    const all = this.readAll();
    const kept = Array.isArray(all[accountId]) ? (all[accountId] as unknown[]) : [];
    all[accountId] = [...kept, entry].slice(-TOKEN_HISTORY_LIMIT);
    this.store.set(KEY, all);
  }

  /** The account's entries, newest first; entries that fail validation are skipped. */
  list(accountId: string): TokenHistoryEntry[] {
    const raw = this.readAll()[accountId];
    if (!Array.isArray(raw)) return [];
    const entries: TokenHistoryEntry[] = [];
    for (const item of raw) {
      const parsed = entrySchema.safeParse(item);
      if (parsed.success) entries.push(parsed.data as TokenHistoryEntry);
    }
    return entries.reverse();
  }

  /** Drops an account's history (the account was removed). */
  forget(accountId: string): void {
    const all = this.readAll();
    if (!(accountId in all)) return;
    delete all[accountId];
    this.store.set(KEY, all);
  }

  private readAll(): Record<string, unknown> {
    const raw = this.store.get(KEY);
    // A copy without a prototype: account ids are keys, whatever a hand edit put there.
    return raw && typeof raw === 'object' && !Array.isArray(raw)
      ? Object.assign(Object.create(null) as Record<string, unknown>, raw)
      : (Object.create(null) as Record<string, unknown>);
  }
}
