import { open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { committedLines } from '../journal-lines.ts';
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
 * Reads the journal up to its first line that is not a whole entry (see journal-lines.ts).
 * Whether the lines read belong to the snapshot, in order, is checked by their MACs.
 */
export async function readJournal(path: string): Promise<JournalContents> {
  // Missing, or not a regular file (a device or pipe there would never end a read; appending
  // to it fails and says so).
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (!info?.isFile()) return { entries: [], validBytes: 0, fileBytes: 0 };
  const bytes = await readFile(path);
  const { lines, validBytes } = committedLines(bytes, parseLine);
  return { entries: lines, validBytes, fileBytes: bytes.length };
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
