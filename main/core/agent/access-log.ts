import { randomUUID } from 'node:crypto';
import type { AccessLogEntry } from '../../../contract/domain.ts';
import type { MetadataStore } from '../metadata/metadata-store.ts';

export const ACCESS_LOG_LIMIT = 1_000;
/** Writes are batched: a burst of script requests costs one metadata write, not one each. */
const FLUSH_DELAY_MS = 500;
const TRIM_BATCH = 100;

export interface AccessLogOptions {
  metadata: MetadataStore;
  onChange?: (entries: AccessLogEntry[]) => void;
  now?: () => number;
}

/**
 * What scripts asked for and what they got: time, account, application hint / process,
 * granted or refused and why. Never a token. Kept in metadata, the last 1,000 entries.
 */
export class AccessLog {
  private entries: AccessLogEntry[];
  private readonly options: AccessLogOptions;
  private readonly now: () => number;
  private flushTimer: NodeJS.Timeout | undefined;
  /** Ids of the entries on disk: a flush writes only what changed since. */
  private saved: Set<string>;

  constructor(options: AccessLogOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    const stored = options.metadata.readAccessLog();
    this.entries = stored.slice(-ACCESS_LOG_LIMIT);
    this.saved = new Set(stored.map((entry) => entry.id));
  }

  list(): AccessLogEntry[] {
    this.trim();
    return [...this.entries];
  }

  record(entry: Omit<AccessLogEntry, 'id' | 'at'>): AccessLogEntry {
    const full: AccessLogEntry = { ...entry, id: randomUUID(), at: this.now() };
    this.entries.push(full);
    // Trimmed in batches: dropping one entry per request would move 1,000 entries each time.
    if (this.entries.length >= ACCESS_LOG_LIMIT + TRIM_BATCH) this.trim();
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_DELAY_MS);
    return full;
  }

  private trim(): void {
    if (this.entries.length > ACCESS_LOG_LIMIT) {
      this.entries.splice(0, this.entries.length - ACCESS_LOG_LIMIT);
    }
  }

  clear(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.entries = [];
    this.options.metadata.writeAccessLog([]);
    this.saved = new Set();
    this.options.onChange?.(this.list());
  }

  /**
   * Writes the entries added since the last write, and drops the ones trimmed away, now (also
   * on quit), and tells the window. Cost per write: the changes, not the whole log.
   */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.trim();
    const kept = new Set(this.entries.map((entry) => entry.id));
    const removed = [...this.saved].filter((id) => !kept.has(id));
    const added = this.entries.filter((entry) => !this.saved.has(entry.id));
    if (added.length || removed.length) this.options.metadata.updateAccessLog(added, removed);
    this.saved = kept;
    this.options.onChange?.(this.list());
  }
}
