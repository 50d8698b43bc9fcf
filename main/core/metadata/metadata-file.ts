import {
  closeSync,
  fdatasyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { z } from 'zod';
import { AppError, writeRefusal } from '../errors.ts';
import { committedLines } from '../journal-lines.ts';

/**
 * The part of electron-store (and of `conf`, which it extends) this file uses: the path of
 * `metadata.json`, and the whole document, read from disk by the getter and written
 * atomically (temp file, fsync, rename, mode 0600) by the setter.
 */
export interface DocumentStore {
  readonly path: string;
  store: Record<string, unknown>;
}

/** Keys whose changes are appended to the journal; the others rewrite the snapshot. */
const JOURNALED_KEYS = new Set(['accounts', 'tokenHistory', 'accessLog']);
/** Keys holding lists of `{ id }` objects; changed item by item. */
const LIST_KEYS = new Set(['providers', 'accounts', 'accessLog']);
/** Keys holding objects keyed by id (an account's token history). */
const MAP_KEYS = new Set(['tokenHistory']);

/** The journal is folded into the snapshot once it outgrows both this and the snapshot. */
export const METADATA_COMPACT_BYTES = 256 * 1024;

/**
 * One journal line: item `id` of `k` set to `v` (removed when `v` is null), or, without `id`,
 * the whole key `k` set to `v`. Every line is idempotent, so lines a compaction already folded
 * into the snapshot can be applied again.
 */
const journalLineSchema = z.object({
  k: z.string(),
  id: z.string().optional(),
  v: z.unknown(),
});
type JournalLine = z.infer<typeof journalLineSchema>;

/**
 * `metadata.json` (providers, accounts, settings, token history, the scripts' access log) as a
 * snapshot plus `metadata.json.journal`, so that saving one account or one history entry costs
 * the same with 10 or 10,000 accounts stored. The document is read once and kept in memory,
 * indexed by id; a change is one appended, fdatasynced line; the journal is folded into the
 * snapshot (an atomic rewrite) once it outgrows it. Providers and settings change rarely and are
 * written into the snapshot directly, so an edit of `metadata.json` from outside is never
 * overridden by a journal line for them.
 *
 * No MAC: nothing here is secret and nothing here is trusted for where secrets go (the vault
 * binds every secret to its endpoints, see secret-binding.ts).
 */
export class MetadataFile {
  private readonly store: DocumentStore;
  private readonly journalPath: string;
  /** Plain keys as stored; list and map keys as id → raw value (entries without an id keyed by an object). */
  private doc: Map<string, unknown> = new Map();
  private loaded = false;
  private snapshotBytes = 0;
  private journalBytes = 0;
  /** Bytes after the committed lines (a torn append) to cut before the next append. */
  private journalTail = false;
  private stamp = '';
  private reloads = 0;
  /** Journal lines of the batch in progress, written together when it ends. */
  private batched: string[] | undefined;
  private readonly compactBytes: number;

  /** `compactBytes` lowers the fold threshold (the crash test folds often). */
  constructor(store: DocumentStore, options: { compactBytes?: number } = {}) {
    this.store = store;
    this.journalPath = `${store.path}.journal`;
    this.compactBytes = options.compactBytes ?? METADATA_COMPACT_BYTES;
  }

  /** Times the files were found changed by something else and read again. */
  get outsideChanges(): number {
    this.ensureCurrent();
    return this.reloads;
  }

  /** Reads both files again (they were written by other means). */
  reload(): void {
    this.load();
  }

  /** A plain key's value as stored. */
  value(key: string): unknown {
    this.ensureCurrent();
    return this.doc.get(key);
  }

  /** A list or map key's entries, id → raw value, in stored order. */
  entries(key: string): ReadonlyMap<unknown, unknown> {
    this.ensureCurrent();
    return this.keyed(key);
  }

  /** Sets (or, with `undefined`, removes) one entry of a list or map key. */
  putEntry(key: string, id: string, value: unknown): void {
    this.ensureCurrent();
    const entries = this.keyed(key);
    if (value === undefined) entries.delete(id);
    else entries.set(id, value);
    this.commit({ k: key, id, v: value ?? null });
  }

  /** Sets many entries of a list or map key with one write of the snapshot. */
  putEntries(key: string, changes: readonly (readonly [string, unknown])[]): void {
    this.ensureCurrent();
    const entries = this.keyed(key);
    for (const [id, value] of changes) entries.set(id, value);
    this.commitSnapshot();
  }

  /** Sets a key as a whole (a list key: its whole list). */
  set(key: string, value: unknown): void {
    this.ensureCurrent();
    this.doc.set(key, isKeyed(key) ? index(key, value) : value);
    this.commit({ k: key, v: value });
  }

  /**
   * Runs `changes` and writes every journal line they make with one append and one flush
   * (a refresh saves the account and its history entry: one disk flush, not two). Nothing of
   * a batch that throws is written; memory is read back from the files.
   */
  batch<T>(changes: () => T): T {
    if (this.batched) return changes();
    this.batched = [];
    let lines: string[];
    let result: T;
    try {
      result = changes();
      lines = this.batched;
    } catch (err) {
      this.batched = undefined;
      this.load();
      throw err;
    }
    this.batched = undefined;
    if (lines.length) this.commitLines(lines.join(''));
    return result;
  }

  /** Folds the journal into the snapshot. */
  compact(): void {
    this.ensureCurrent();
    try {
      this.writeSnapshot();
    } catch (err) {
      throw writeFailed(err);
    }
  }

  /**
   * Makes the change (already applied in memory) durable. When the disk refuses it, memory is
   * read back from the files, which still hold the state before: nothing half-applied stays.
   */
  private commit(line: JournalLine): void {
    if (!JOURNALED_KEYS.has(line.k)) {
      this.commitSnapshot();
      return;
    }
    const text = `${JSON.stringify(line)}\n`;
    if (this.batched) this.batched.push(text);
    else this.commitLines(text);
  }

  /** Writes the snapshot (changes already in memory); refused, memory is read back. */
  private commitSnapshot(): void {
    try {
      this.writeSnapshot();
    } catch (err) {
      this.load();
      throw writeFailed(err);
    }
  }

  private commitLines(text: string): void {
    try {
      this.append(text);
    } catch (err) {
      this.load();
      throw writeFailed(err);
    }
    if (this.journalBytes > Math.max(this.compactBytes, this.snapshotBytes)) {
      // The change is durable in the journal; a failed fold is retried by the next change.
      try {
        this.writeSnapshot();
      } catch {
        this.stamp = fileStamps(this.store.path, this.journalPath);
      }
    }
  }

  private keyed(key: string): Map<unknown, unknown> {
    let entries = this.doc.get(key);
    if (!(entries instanceof Map)) {
      entries = new Map();
      this.doc.set(key, entries);
    }
    return entries as Map<unknown, unknown>;
  }

  /** Reads again when either file changed since this instance last read or wrote it. */
  private ensureCurrent(): void {
    if (!this.loaded) {
      this.load();
    } else if (fileStamps(this.store.path, this.journalPath) !== this.stamp) {
      this.load();
      this.reloads++;
    }
  }

  private load(): void {
    const stored = this.store.store;
    this.doc = new Map();
    for (const [key, value] of Object.entries(stored)) {
      this.doc.set(key, isKeyed(key) ? index(key, value) : value);
    }
    this.snapshotBytes = fileSize(this.store.path);
    const bytes = readJournal(this.journalPath);
    const { lines, validBytes } = committedLines(bytes, parseLine);
    for (const line of lines) this.apply(line);
    this.journalBytes = validBytes;
    this.journalTail = bytes.length > validBytes;
    this.loaded = true;
    this.stamp = fileStamps(this.store.path, this.journalPath);
  }

  private apply(line: JournalLine): void {
    if (line.id === undefined) {
      this.doc.set(line.k, isKeyed(line.k) ? index(line.k, line.v) : line.v);
    } else if (isKeyed(line.k)) {
      if (line.v === null) this.keyed(line.k).delete(line.id);
      else this.keyed(line.k).set(line.id, line.v);
    }
  }

  /**
   * Appends durably (write, fdatasync). A failed append is cut off again so the next one never
   * lands after garbage; the error goes to the caller.
   */
  private append(text: string): void {
    const fd = openSync(this.journalPath, 'a', 0o600);
    try {
      if (this.journalTail) {
        ftruncateSync(fd, this.journalBytes);
        this.journalTail = false;
      }
      writeFileSync(fd, text);
      fdatasyncSync(fd);
      this.journalBytes += Buffer.byteLength(text);
    } catch (err) {
      this.journalTail = true;
      throw err;
    } finally {
      closeSync(fd);
      this.stamp = fileStamps(this.store.path, this.journalPath);
    }
  }

  /** Writes the whole document atomically, then drops the journal folded into it. */
  private writeSnapshot(): void {
    const plain: Record<string, unknown> = {};
    for (const [key, value] of this.doc) {
      plain[key] = value instanceof Map ? unindex(key, value) : value;
    }
    this.store.store = plain;
    // A kill here leaves a journal whose lines are already in the snapshot: applied again, harmless.
    rmSync(this.journalPath, { force: true });
    this.journalBytes = 0;
    this.journalTail = false;
    this.snapshotBytes = fileSize(this.store.path);
    this.stamp = fileStamps(this.store.path, this.journalPath);
  }
}

/**
 * The journal's bytes; none when it is missing or not a regular file (a device or pipe there
 * would never end a read; appending to it fails and says so).
 */
function readJournal(path: string): Buffer {
  const info = statSync(path, { throwIfNoEntry: false });
  return info?.isFile() ? readFileSync(path) : Buffer.alloc(0);
}

function writeFailed(err: unknown): AppError {
  return new AppError(
    'WRITE_FAILED',
    `Token Desk could not save account details: ${writeRefusal(err)}. What was saved before is unchanged; free some space or fix the folder, then try again.`,
    { cause: err },
  );
}

function isKeyed(key: string): boolean {
  return LIST_KEYS.has(key) || MAP_KEYS.has(key);
}

/**
 * Indexes a stored list by `id` (or an object by key). Entries without a usable id, and
 * repeated ids, are kept under a key of their own so that writing loses nothing.
 */
function index(key: string, value: unknown): Map<unknown, unknown> {
  const entries = new Map<unknown, unknown>();
  if (MAP_KEYS.has(key)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [id, entry] of Object.entries(value)) entries.set(id, entry);
    }
    return entries;
  }
  if (!Array.isArray(value)) return entries;
  for (const item of value) {
    const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
    entries.set(typeof id === 'string' && !entries.has(id) ? id : {}, item);
  }
  return entries;
}

function unindex(key: string, entries: Map<unknown, unknown>): unknown {
  if (!MAP_KEYS.has(key)) return [...entries.values()];
  // No prototype: an id such as `__proto__` is a key like any other.
  const object = Object.create(null) as Record<string, unknown>;
  for (const [id, entry] of entries) if (typeof id === 'string') object[id] = entry;
  return object;
}

function parseLine(text: string): JournalLine | undefined {
  try {
    const parsed = journalLineSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function fileStamp(path: string): string {
  try {
    const info = statSync(path);
    return `${info.ino}:${info.size}:${info.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function fileStamps(snapshot: string, journal: string): string {
  return `${fileStamp(snapshot)}|${fileStamp(journal)}`;
}
