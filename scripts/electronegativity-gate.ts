/**
 * Security gate: runs Electronegativity (Doyensec's static checker for Electron apps) over the
 * code that touches Electron (main/index.ts, main/shell/, preload/index.ts) and the renderer's
 * HTML, and exits 1 on any HIGH severity finding. Its CLI always exits 0, so this calls its
 * runner directly. Offline: its translation download is stubbed out and the one check that
 * downloads Electron's release list is skipped.
 *
 *   node scripts/electronegativity-gate.ts
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  description: string;
  shortenedURL: string;
  severity: { name: string };
  confidence: { name: string };
  manualReview: boolean;
}

interface RunResult {
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Finding[];
}

type Runner = (options: Record<string, unknown>) => Promise<RunResult>;

const root = resolve(import.meta.dirname, '..');
/** What the scan covers: everything that imports electron, plus the page it loads. */
const SCANNED = ['main/index.ts', 'main/shell', 'preload/index.ts', 'renderer/index.html'];
/** Needs the network to fetch Electron's release list; the installed version is pinned anyway. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));

/**
 * Replaces `got` inside Electronegativity with an immediate "404": it then keeps its bundled
 * English texts quietly instead of fetching translations from the network.
 */
function stubNetwork(): void {
  const gotPath = createRequire(join(packageDir, 'dist/locales/i18n.js')).resolve('got');
  const stub = new Module(gotPath);
  stub.filename = gotPath;
  stub.loaded = true;
  stub.exports = () => Promise.resolve({ statusCode: 404, body: '' });
  require.cache[gotPath] = stub;
}

/** Copies the scanned files into a scratch folder, keeping their relative paths. */
function stageSources(): string {
  const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  for (const path of SCANNED) cpSync(join(root, path), join(dir, path), { recursive: true });
  return dir;
}

async function main(): Promise<number> {
  stubNetwork();
  const electronVersion = (
    JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const run = require('@doyensec/electronegativity') as Runner;
  const input = stageSources();
  let result: RunResult;
  try {
    result = await run({
      input,
      electronVersionOverride: electronVersion,
      excludeFromScan: EXCLUDED_CHECKS,
      isRelative: true,
    });
  } finally {
    rmSync(input, { recursive: true, force: true });
  }

  const where = (f: Finding) => `${f.file}:${f.location.line}:${f.location.column}`;
  const unparsed = result.errors.filter((e) => !e.tolerable);
  for (const error of unparsed) {
    console.error(`could not parse ${relative(input, error.file)}: ${error.message}`);
  }
  const high = result.issues.filter((i) => i.severity.name === 'HIGH');
  const others = result.issues.filter((i) => i.severity.name !== 'HIGH');
  for (const issue of others) {
    process.stdout.write(
      `  note  ${issue.severity.name}/${issue.confidence.name} ${issue.id} at ${where(issue)}` +
        `${issue.manualReview ? ' (review)' : ''}\n`,
    );
  }
  for (const issue of high) {
    console.error(
      `  HIGH  ${issue.id} at ${where(issue)} (${issue.confidence.name}): ${issue.description} ${issue.shortenedURL}`,
    );
  }
  if (unparsed.length > 0) {
    console.error(
      'Electronegativity gate: some files could not be parsed, so they were not checked.',
    );
    return 1;
  }
  if (high.length > 0) {
    console.error(`Electronegativity gate: ${high.length} HIGH severity finding(s).`);
    return 1;
  }
  process.stdout.write(
    `Electronegativity gate: no HIGH severity findings in ${SCANNED.join(', ')} ` +
      `(${others.length} lower-severity note(s)).\n`,
  );
  return 0;
}

process.exitCode = await main();
