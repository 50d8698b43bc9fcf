import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { PRIVATE_DIR_MODE } from './vault/atomic-file.ts';

/**
 * Creates `dirPath` (and missing parents) owner-only (0700) before anything is written in it,
 * and tightens an existing folder that other users could read or enter. Windows has no POSIX
 * modes; there the folder inherits the user profile's ACL, which is already private.
 */
export function ensurePrivateDirSync(
  dirPath: string,
  platform: NodeJS.Platform = process.platform,
): void {
  mkdirSync(dirPath, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (platform === 'win32') return;
  if ((statSync(dirPath).mode & 0o077) !== 0) chmodSync(dirPath, PRIVATE_DIR_MODE);
}
