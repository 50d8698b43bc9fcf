import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChromiumNotFoundError,
  findChromium,
  type ChromiumSearch,
} from '../../../scripts/browser/find-chromium.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'find-chromium-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Creates an executable file (a stand-in browser) at `relative` inside the temp folder. */
async function executable(relative: string, mode = 0o755): Promise<string> {
  const path = join(dir, relative);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, '#!/bin/sh\n');
  await chmod(path, mode);
  return path;
}

/** A search that sees only the temp folder: no PATH, no Playwright browser. */
function search(over: Partial<ChromiumSearch> & { env?: NodeJS.ProcessEnv }): ChromiumSearch {
  return { platform: 'linux', env: {}, playwrightExecutable: () => undefined, ...over };
}

function failure(run: () => unknown): ChromiumNotFoundError {
  try {
    run();
  } catch (err) {
    if (err instanceof ChromiumNotFoundError) return err;
    throw err;
  }
  throw new Error('expected ChromiumNotFoundError');
}

describe('findChromium', () => {
  it('takes CHROMIUM_PATH when it names an executable', async () => {
    const chrome = await executable('my-chrome');
    expect(findChromium(search({ env: { CHROMIUM_PATH: chrome } }))).toBe(chrome);
  });

  it('says in one sentence how to get a browser when CHROMIUM_PATH names no file', () => {
    const missing = join(dir, 'no-such-chrome');
    const error = failure(() => findChromium({ env: { ...process.env, CHROMIUM_PATH: missing } }));
    expect(error.message).toContain(missing);
    expect(error.message).toContain('npx playwright-core install chromium');
    expect(error.message).toContain('apt-get install chromium');
    expect(error.message).not.toContain('\n');
    expect(error.message.match(/\.(\s|$)/g)).toEqual(['.']);
  });

  it('does not fall back to another browser when CHROMIUM_PATH is wrong', async () => {
    await executable('bin/chromium');
    const error = failure(() =>
      findChromium(search({ env: { CHROMIUM_PATH: join(dir, 'typo'), PATH: join(dir, 'bin') } })),
    );
    expect(error.message).toMatch(/^CHROMIUM_PATH is set to /);
  });

  it('rejects a CHROMIUM_PATH that is not executable', async () => {
    const notExecutable = await executable('chrome.txt', 0o644);
    expect(() => findChromium(search({ env: { CHROMIUM_PATH: notExecutable } }))).toThrow(
      ChromiumNotFoundError,
    );
  });

  it('finds chromium, chromium-browser or google-chrome on PATH', async () => {
    const chrome = await executable('bin/google-chrome');
    const found = findChromium(
      search({ env: { PATH: ['/nonexistent', join(dir, 'bin')].join(':') } }),
    );
    // Debian's /usr/bin/chromium comes first where it exists (as on CI).
    expect([chrome, '/usr/bin/chromium']).toContain(found);
  });

  it('finds Chrome installed per user on Windows', async () => {
    const chrome = await executable('Local/Google/Chrome/Application/chrome.exe');
    expect(
      findChromium(search({ platform: 'win32', env: { LOCALAPPDATA: join(dir, 'Local') } })),
    ).toBe(chrome);
  });

  it('finds Chromium in ~/Applications on macOS', async () => {
    const chromium = await executable('Applications/Chromium.app/Contents/MacOS/Chromium');
    const found = findChromium(search({ platform: 'darwin', env: { HOME: dir } }));
    // A system-wide install in /Applications comes first (on a Mac that has one).
    expect(found === chromium || found.startsWith('/Applications/')).toBe(true);
  });

  it("falls back to Playwright's own downloaded Chromium", async () => {
    const downloaded = await executable('ms-playwright/chromium-1/chrome-linux64/chrome');
    expect(
      findChromium(search({ platform: 'win32', env: {}, playwrightExecutable: () => downloaded })),
    ).toBe(downloaded);
  });

  it('says how to get one when there is none', () => {
    const error = failure(() => findChromium(search({ platform: 'darwin', env: { HOME: dir } })));
    expect(error.message).toMatch(/^No Chrome or Chromium was found: /);
    expect(error.message).toContain('set CHROMIUM_PATH');
    expect(error.message).not.toContain('\n');
  });
});
