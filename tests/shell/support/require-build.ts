import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './shell-app.ts';

/** What the shell tests run: the build, not the sources. */
const BUILT = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const SOURCES = ['main', 'preload', 'renderer'];

function newestSource(dir: string): { path: string; mtime: number } {
  let newest = { path: dir, mtime: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const candidate = entry.isDirectory()
      ? newestSource(path)
      : { path, mtime: statSync(path).mtimeMs };
    if (candidate.mtime > newest.mtime) newest = candidate;
  }
  return newest;
}

/**
 * Vitest global setup of the `shell` project: fails the run with one clear sentence when
 * out/ is missing or older than the sources, instead of testing a stale or absent bundle.
 */
export default function requireBuild(): void {
  const missing = BUILT.filter((path) => !existsSync(join(ROOT, path)));
  if (missing.length > 0) {
    throw new Error(
      `The shell tests run the built app, but ${missing.join(', ')} is missing: run \`npm run build\` first (npm test does).`,
    );
  }
  const builtAt = Math.min(...BUILT.map((path) => statSync(join(ROOT, path)).mtimeMs));
  const newest = SOURCES.map((dir) => newestSource(join(ROOT, dir))).reduce((a, b) =>
    a.mtime > b.mtime ? a : b,
  );
  if (newest.mtime > builtAt) {
    throw new Error(
      `The shell tests run the built app, but ${relative(ROOT, newest.path)} changed after the last build: run \`npm run build\` first (npm test does).`,
    );
  }
}
