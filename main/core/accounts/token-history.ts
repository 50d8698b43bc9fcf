import { z } from 'zod';
import type { TokenHistoryEntry } from '../../../contract/domain.ts';
import type { MetadataStore } from '../metadata/metadata-store.ts';

/** How many entries an account keeps; older ones are dropped. */
export const TOKEN_HISTORY_LIMIT = 50;

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
  private readonly store: Pick<MetadataStore, 'readHistory' | 'writeHistory'>;

  constructor(store: Pick<MetadataStore, 'readHistory' | 'writeHistory'>) {
    this.store = store;
  }

  /** Appends an entry, keeping the last {@link TOKEN_HISTORY_LIMIT}. */
  record(accountId: string, entry: TokenHistoryEntry): void {
    const stored = this.store.readHistory(accountId);
    const kept: unknown[] = Array.isArray(stored) ? stored : [];
    this.store.writeHistory(accountId, [...kept, entry].slice(-TOKEN_HISTORY_LIMIT));
  }

  /** The account's entries, newest first; entries that fail validation are skipped. */
  list(accountId: string): TokenHistoryEntry[] {
    const raw = this.store.readHistory(accountId);
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
    this.store.writeHistory(accountId, undefined);
  }
}
