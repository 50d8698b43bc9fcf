import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeFileAtomic } from '../../../main/core/vault/atomic-file.ts';
import { useTempVaultFolder } from './vault-files.ts';

const tmp = useTempVaultFolder();

describe('writeFileAtomic', () => {
  it('writes a new file 0600 in folders it creates 0700', async () => {
    const target = join(tmp.dir, 'a', 'b', 'secret.json');
    await writeFileAtomic(target, '{"x":1}\n');
    expect(await readFile(target, 'utf8')).toBe('{"x":1}\n');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect((await stat(join(tmp.dir, 'a'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(tmp.dir, 'a', 'b'))).mode & 0o777).toBe(0o700);
  });

  it('replaces an existing file completely and leaves no temporary file', async () => {
    const target = join(tmp.dir, 'secret.json');
    await writeFile(target, 'old contents that are much longer than the new ones');
    await writeFileAtomic(target, 'new');
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(tmp.dir)).toEqual(['secret.json']);
  });

  it('fails without touching anything when the target cannot be replaced', async () => {
    const target = join(tmp.dir, 'secret.json');
    await mkdir(target);
    await writeFile(join(target, 'keep'), 'kept');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(await readFile(join(target, 'keep'), 'utf8')).toBe('kept');
    expect(await readdir(tmp.dir)).toEqual(['secret.json']);
  });
});

describe('removeStaleTempFiles', () => {
  it('bug: removes what a killed writer left, but not a write in progress or other files', async () => {
    const target = join(tmp.dir, 'vault.json');
    await writeFile(target, '{}');
    const stale = join(tmp.dir, '.vault.json.999999.0123456789ab.tmp');
    const fresh = join(tmp.dir, '.vault.json.999998.0123456789ab.tmp');
    const unrelated = join(tmp.dir, '.other.json.999999.0123456789ab.tmp');
    for (const path of [stale, fresh, unrelated]) await writeFile(path, 'partial');
    const hourAgo = new Date(Date.now() - 3600_000);
    await utimes(stale, hourAgo, hourAgo);
    await utimes(unrelated, hourAgo, hourAgo);

    await removeStaleTempFiles(target, 60_000);

    expect((await readdir(tmp.dir)).sort()).toEqual(
      [
        '.other.json.999999.0123456789ab.tmp',
        '.vault.json.999998.0123456789ab.tmp',
        'vault.json',
      ].sort(),
    );
  });
});
