import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUSTOM_SCHEME } from '../../main/core/app-core.ts';

/**
 * Packaging cannot run here (electron-builder downloads Electron), so the facts users depend on
 * are checked on the configuration itself: sign-in redirects reach the installed app, the
 * security fuses are set, and each platform gets its installer.
 */

const require = createRequire(import.meta.url);
// js-yaml ships with electron-builder; it has no type declarations of its own here.
const { load } = require('js-yaml') as { load: (text: string) => unknown };

const root = resolve(import.meta.dirname, '../..');

type Target = string | { target: string };
interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  directories?: { buildResources?: string };
  protocols: { name: string; schemes: string[] }[];
  electronFuses: Record<string, boolean>;
  linux: {
    target: Target | Target[];
    category: string;
    desktop?: { entry?: Record<string, string> };
  };
  mac: { target: Target | Target[]; category: string; hardenedRuntime: boolean };
  win: { target: Target | Target[] };
}

const config = load(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

const targets = (value: Target | Target[]) =>
  (Array.isArray(value) ? value : [value]).map((t) => (typeof t === 'string' ? t : t.target));

describe('electron-builder.yml', () => {
  it('identifies the app', () => {
    expect(config.appId).toBe('io.github.tokendesk.app');
    expect(config.productName).toBe('Token Desk');
  });

  it('registers exactly the custom scheme the sign-in flow redirects to', () => {
    expect(config.protocols.flatMap((p) => p.schemes)).toEqual([CUSTOM_SCHEME]);
    expect(config.linux.desktop?.entry?.MimeType).toBe(`x-scheme-handler/${CUSTOM_SCHEME};`);
  });

  it('sets every security fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the built app into an asar archive, which onlyLoadAppFromAsar requires', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
  });

  it('builds an AppImage and a deb for Linux, a dmg for macOS and an NSIS installer for Windows', () => {
    expect(targets(config.linux.target)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(targets(config.mac.target)).toContain('dmg');
    expect(targets(config.win.target)).toContain('nsis');
  });

  it('files the app as a developer tool', () => {
    expect(config.linux.category).toBe('Development');
    expect(config.mac.category).toBe('public.app-category.developer-tools');
    expect(config.mac.hardenedRuntime).toBe(true);
  });

  it('has an app icon large enough for every platform (512 px or more)', () => {
    const icon = readFileSync(
      resolve(root, config.directories?.buildResources ?? 'build', 'icon.png'),
    );
    expect(icon.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(icon.readUInt32BE(20)).toBe(icon.readUInt32BE(16));
  });

  it('uses the appId as the Windows AppUserModelID, so notifications show', () => {
    const composition = readFileSync(resolve(root, 'main/index.ts'), 'utf8');
    expect(composition).toContain(`'${config.appId}'`);
  });
});
