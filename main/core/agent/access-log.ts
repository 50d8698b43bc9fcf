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

  constructor(options: AccessLogOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.entries = options.metadata.readAccessLog().slice(-ACCESS_LOG_LIMIT);
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
    this.entries = [];
    this.flush();
  }

  /** Writes pending entries now (also on quit) and tells the window. */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.trim();
    this.options.metadata.writeAccessLog(this.entries);
    this.options.onChange?.(this.list());
  }
}
