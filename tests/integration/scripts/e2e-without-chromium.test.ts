import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/**
 * A newcomer without Chrome or Chromium runs the end-to-end tests: they stop before any test
 * with one sentence that says how to get a browser, not four launch stack traces.
 */
describe('end-to-end tests without a browser', () => {
  it('stop with one sentence that says how to get Chromium', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    for (const name of Object.keys(env)) if (name.startsWith('VITEST')) delete env[name];
    env['CHROMIUM_PATH'] = resolve(root, 'no-such-chromium');
    const run = spawnSync(
      process.execPath,
      [resolve(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'e2e'],
      { cwd: root, env, encoding: 'utf8', timeout: 60_000 },
    );
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status).toBe(1);
    const lines = output.split('\n').filter((line) => line.includes('Chromium'));
    expect(lines).toEqual([
      `CHROMIUM_PATH is set to ${env['CHROMIUM_PATH']}, which is not a Chrome or Chromium executable: point it at one, or unset it and install Chromium (Debian/Ubuntu: \`sudo apt-get install chromium\`) or Google Chrome, or run \`npx playwright-core install chromium\`.`,
    ]);
    expect(output).not.toMatch(/\bat .+:\d+:\d+|❯|Error:/);
    // No test ran, so no browser launch failed.
    expect(output).not.toMatch(/Test Files|browserType\.launch/);
  });
});
