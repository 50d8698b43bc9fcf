import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensurePrivateDirSync } from '../../main/core/private-dir.ts';

const modeOf = (path: string) => statSync(path).mode & 0o777;
let root: string;

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('ensurePrivateDirSync', () => {
  it('creates the folder and its missing parents owner-only', () => {
    root = mkdtempSync(join(tmpdir(), 'token-desk-dir-'));
    const dir = join(root, 'config', 'Token Desk');
    ensurePrivateDirSync(dir);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(root, 'config'))).toBe(0o700);
  });

  it('tightens an existing folder others could read, and keeps its contents', () => {
    root = mkdtempSync(join(tmpdir(), 'token-desk-dir-'));
    chmodSync(root, 0o755);
    ensurePrivateDirSync(root);
    expect(modeOf(root)).toBe(0o700);
  });

  it('leaves modes alone on Windows, where ACLs apply', () => {
    root = mkdtempSync(join(tmpdir(), 'token-desk-dir-'));
    chmodSync(root, 0o755);
    ensurePrivateDirSync(root, 'win32');
    expect(modeOf(root)).toBe(0o755);
  });
});
