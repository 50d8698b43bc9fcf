import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installedElectron, installElectron } from '../../../scripts/electron-runtime.ts';
import { storedZip } from '../../support/stored-zip.ts';

/**
 * `npm start` gets Electron through the `electron` package's own install.js (@electron/get).
 * These tests point that download at a mirror on 127.0.0.1 (`ELECTRON_MIRROR`), never at
 * GitHub: once where the release cannot be had, once serving a stand-in release.
 */

const root = resolve(import.meta.dirname, '../../..');
const electronPackage = join(root, 'node_modules/electron');
const { version } = JSON.parse(await readFile(join(electronPackage, 'package.json'), 'utf8')) as {
  version: string;
};
const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;

let dir: string;
let mirror: Server;
let mirrorUrl: string;
let requested: string[];
let files: Map<string, Buffer>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'electron-runtime-'));
  requested = [];
  files = new Map();
  mirror = createServer((req, res) => {
    requested.push(req.url ?? '');
    const body = files.get(req.url ?? '');
    if (body) res.writeHead(200, { 'content-length': body.length }).end(body);
    else res.writeHead(404).end('Not Found');
  });
  await new Promise<void>((done) => mirror.listen(0, '127.0.0.1', done));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`;
});

afterEach(async () => {
  await new Promise<void>((done) => mirror.close(() => done()));
  await rm(dir, { recursive: true, force: true });
});

/** The environment of a download: only the loopback mirror, an empty cache, no .npmrc mirror. */
function downloadEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    // An .npmrc or package.json mirror setting would win over ELECTRON_MIRROR.
    if (!/^npm_(package_)?config_electron/i.test(name)) env[name] = value;
  }
  return {
    ...env,
    ELECTRON_MIRROR: mirrorUrl,
    electron_config_cache: join(dir, 'cache'),
    ...extra,
  };
}

describe('npm start and npm run dev where Electron cannot be downloaded', () => {
  it.each(['start', 'dev'])(
    '%s asks the mirror for this platform and says so in one sentence',
    async (script) => {
      // Where the real package already has a binary, make it look missing.
      const env = downloadEnv({ ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'no-electron') });
      const child = spawn(process.execPath, [join(root, `scripts/${script}.ts`)], {
        cwd: root,
        env,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((done) => child.on('exit', done));

      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        'Token Desk could not start: the Electron runtime could not be downloaded on this ' +
          'machine, so try the app in Chromium with `npm run preview` instead.\n',
      );
      expect(requested).toContain(`/v${version}/${zipName}`);
    },
  );
});

describe.skipIf(process.platform === 'win32')('npm start where Electron can be downloaded', () => {
  it('installs the release through the package and finds its executable', async () => {
    // A copy of the electron package, so the real one in node_modules stays as it is.
    const packageDir = join(dir, 'node_modules/electron');
    await mkdir(packageDir, { recursive: true });
    for (const file of ['package.json', 'install.js', 'index.js', 'checksums.json']) {
      await copyFile(join(electronPackage, file), join(packageDir, file));
    }
    for (const scope of ['@electron', '@electron-internal']) {
      await symlink(join(root, 'node_modules', scope), join(dir, 'node_modules', scope));
    }
    const executable =
      process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
    const zip = storedZip([
      { name: executable, content: '#!/bin/sh\necho "stand-in electron $*"\n', mode: 0o755 },
      { name: 'version', content: version },
    ]);
    const sha = createHash('sha256').update(zip).digest('hex');
    files.set(`/v${version}/${zipName}`, zip);
    files.set(`/v${version}/SHASUMS256.txt`, Buffer.from(`${sha} *${zipName}\n`));

    expect(installedElectron(packageDir, downloadEnv())).toBeUndefined();
    // The bundled checksums are for the real release; take the mirror's for the stand-in.
    const env = downloadEnv({ electron_use_remote_checksums: '1' });
    const installed = await installElectron(packageDir, { env });

    expect(installed).toBe(join(packageDir, 'dist', executable));
    expect(installedElectron(packageDir, env)).toBe(installed);
    expect(await readFile(join(packageDir, 'path.txt'), 'utf8')).toBe(executable);
    const run = spawnSync(installed!, ['.'], { encoding: 'utf8' });
    expect(run.stdout).toBe('stand-in electron .\n');
  });
});
