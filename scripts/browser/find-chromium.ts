/**
 * Finds a Chrome or Chromium for the browser host (e2e tests, `npm run preview`) on any desktop
 * OS, in this order: the `CHROMIUM_PATH` variable, Debian's `chromium` and the other usual
 * names on PATH, a Chrome or Chromium installed in the usual place on Linux, macOS or
 * Windows, and finally the browser Playwright downloads (`npx playwright-core install
 * chromium`). Where there is none, it says how to get one in one sentence.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';

const INSTALL_ONE =
  'install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`) or Google Chrome, ' +
  'or run `npx playwright-core install chromium`';

/** No usable browser; the message is one sentence for the user, never a stack trace. */
export class ChromiumNotFoundError extends Error {
  override name = 'ChromiumNotFoundError';
}

export interface ChromiumSearch {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Where Playwright keeps its own downloaded Chromium (whether or not it is there). */
  playwrightExecutable?: () => string | undefined;
}

/** Names Debian, Ubuntu, Fedora, Arch and Google's packages put on PATH. */
const LINUX_COMMANDS = [
  'chromium',
  'chromium-browser',
  'google-chrome-stable',
  'google-chrome',
  'chrome',
];

function isExecutableFile(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    // Windows has no execute bit; an existing .exe is enough there.
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where a Chrome or Chromium usually is on this platform, most specific first. */
export function chromiumCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    const bundles = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
    ];
    return ['/Applications', join(env['HOME'] ?? homedir(), 'Applications')].flatMap((dir) =>
      bundles.map((bundle) => join(dir, bundle)),
    );
  }
  if (platform === 'win32') {
    const roots = [env['LOCALAPPDATA'], env['PROGRAMFILES'], env['PROGRAMFILES(X86)']].filter(
      (root): root is string => Boolean(root),
    );
    return ['Google/Chrome/Application/chrome.exe', 'Chromium/Application/chrome.exe'].flatMap(
      (exe) => roots.map((root) => join(root, ...exe.split('/'))),
    );
  }
  const onPath = (env['PATH'] ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => LINUX_COMMANDS.map((command) => join(dir, command)));
  return ['/usr/bin/chromium', ...onPath, '/opt/google/chrome/chrome', '/snap/bin/chromium'];
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    // Playwright has no build for this platform.
    return undefined;
  }
}

/**
 * The path of a Chrome or Chromium executable to launch with Playwright.
 * @throws {ChromiumNotFoundError} when there is none, or `CHROMIUM_PATH` names no executable.
 */
export function findChromium(search: ChromiumSearch = {}): string {
  const env = search.env ?? process.env;
  const platform = search.platform ?? process.platform;
  const chosen = env['CHROMIUM_PATH'];
  if (chosen) {
    if (isExecutableFile(chosen, platform)) return chosen;
    throw new ChromiumNotFoundError(
      `CHROMIUM_PATH is set to ${chosen}, which is not a Chrome or Chromium executable: ` +
        `point it at one, or unset it and ${INSTALL_ONE}.`,
    );
  }
  const playwright = (search.playwrightExecutable ?? playwrightChromium)();
  const found = [...chromiumCandidates(platform, env), ...(playwright ? [playwright] : [])].find(
    (path) => isExecutableFile(path, platform),
  );
  if (found) return found;
  throw new ChromiumNotFoundError(
    `No Chrome or Chromium was found: ${INSTALL_ONE}, or set CHROMIUM_PATH to its executable.`,
  );
}
