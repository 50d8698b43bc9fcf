import { open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { PRIVATE_FILE_MODE, syncDirectory } from './atomic-file.ts';

/**
 * The vault's append-only journal: one line per changed record, next to the snapshot
 * (`vault.json.journal`). Appending a line costs the same with 10 or 10,000 records stored;
 * the snapshot is rewritten only when the journal outgrows it (see token-vault.ts).
 *
 * This module knows lines and bytes, not keys: what a line means and how it is authenticated
 * is the vault's business.
 */

const sealedRecordSchema = z.object({
  iv: z.string(),
  ct: z.string(),
  tag: z.string(),
  binding: z
    .object({
      issuer: z.string().nullable(),
      tokenEndpoint: z.string().nullable(),
      origins: z.array(z.string()),
    })
    .optional(),
});

/** One change: record `id` set to `rec` (or removed: null) at generation `g`; `mac` chains it. */
export const journalEntrySchema = z.object({
  g: z.number().int().positive(),
  id: z.string(),
  rec: sealedRecordSchema.nullable(),
  mac: z.string().min(1),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export const journalPathOf = (vaultPath: string): string => `${vaultPath}.journal`;

export interface JournalContents {
  entries: JournalEntry[];
  /** Bytes of the whole lines read; whatever follows was never committed. */
  validBytes: number;
  fileBytes: number;
}

/**
 * Reads the journal. A line that is not a whole, well-formed entry ends it: an append the
 * process did not finish (a kill, a power cut) leaves a partial or zero-filled tail, and only
 * the tail. Whether the lines read belong to the snapshot, in order, is checked by their MACs.
 */
export async function readJournal(path: string): Promise<JournalContents> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { entries: [], validBytes: 0, fileBytes: 0 };
    throw err;
  }
  const entries: JournalEntry[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const end = bytes.indexOf(0x0a, offset);
    if (end === -1) break;
    const entry = parseLine(bytes.subarray(offset, end).toString('utf8'));
    if (!entry) break;
    entries.push(entry);
    offset = end + 1;
  }
  return { entries, validBytes: offset, fileBytes: bytes.length };
}

function parseLine(line: string): JournalEntry | undefined {
  try {
    const parsed = journalEntrySchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function serializeEntry(entry: JournalEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/**
 * Appends to the journal durably: write, fdatasync, and (when the append created the file)
 * fsync the folder. A failed append is cut off again, so the next one never lands after
 * garbage; if even that fails, the next append cuts first.
 */
export class JournalFile {
  readonly path: string;
  /** Bytes of committed entries. */
  private size = 0;
  /** Bytes after `size` that are not committed entries (a torn or failed append). */
  private needsCut = false;
  private known = false;

  constructor(path: string) {
    this.path = path;
  }

  get bytes(): number {
    return this.size;
  }

  /** What reading the file found: `validBytes` committed, anything after to be cut. */
  adopt(contents: JournalContents): void {
    this.size = contents.validBytes;
    this.needsCut = contents.fileBytes > contents.validBytes;
    this.known = contents.fileBytes > 0;
  }

  /** The entries on disk belong to an older snapshot: the next append starts the file over. */
  discard(): void {
    if (this.size > 0 || this.known) this.needsCut = true;
    this.size = 0;
  }

  async append(text: string): Promise<void> {
    const handle = await open(this.path, 'a', PRIVATE_FILE_MODE);
    try {
      if (this.needsCut) {
        await handle.truncate(this.size);
        this.needsCut = false;
      }
      await handle.writeFile(text, 'utf8');
      await handle.datasync();
    } catch (err) {
      this.needsCut = true;
      await handle.truncate(this.size).then(
        () => (this.needsCut = false),
        () => undefined,
      );
      throw err;
    } finally {
      await handle.close();
    }
    if (!this.known) {
      // A new file's name is durable only once its folder is synced.
      await syncDirectory(dirname(this.path));
      this.known = true;
    }
    this.size += Buffer.byteLength(text, 'utf8');
  }

  /** Deletes the journal (its entries are in a new snapshot, or belong to none). */
  async remove(): Promise<void> {
    try {
      await rm(this.path);
      await syncDirectory(dirname(this.path));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    this.size = 0;
    this.needsCut = false;
    this.known = false;
  }
}
