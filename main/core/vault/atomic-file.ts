import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Owner-only permissions for every file that may hold secrets. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Replaces `filePath` with `contents` so that a crash at any moment leaves either the old
 * file or the new one, never a mix: write a sibling temp file (0600), fsync it, rename it
 * over the target, then fsync the directory so the rename itself is durable.
 */
export async function writeFileAtomic(filePath: string, contents: string): Promise<void> {
  const dir = dirname(filePath);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const tempPath = join(
    dir,
    `.${basename(filePath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await open(tempPath, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tempPath, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await rename(tempPath, filePath);
  } catch (err) {
    await rm(tempPath, { force: true });
    throw err;
  }
  await syncDirectory(dir);
}

/** fsyncs a folder, so a rename or a new file in it is durable. */
export async function syncDirectory(dir: string): Promise<void> {
  // Directories cannot be opened for fsync on Windows; the rename is still atomic there.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Deletes temp files a killed writer left next to `filePath` (see {@link writeFileAtomic}).
 * They are encrypted, but one written before a passphrase change still holds the data key
 * wrapped under the old passphrase. Only files older than `minAgeMs` from other processes go,
 * so a write in progress is never touched. Best effort: failures are ignored.
 */
export async function removeStaleTempFiles(
  filePath: string,
  minAgeMs: number,
  now = Date.now(),
): Promise<void> {
  const dir = dirname(filePath);
  const prefix = `.${basename(filePath)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(
      name.startsWith(prefix) ? name.slice(prefix.length) : '',
    );
    if (!match || Number(match[1]) === process.pid) continue;
    const path = join(dir, name);
    try {
      if (now - (await stat(path)).mtimeMs >= minAgeMs) await rm(path, { force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}
