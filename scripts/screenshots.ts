/**
 * `npm run screenshots`: takes the README's pictures from the end-to-end suite. Builds the app,
 * runs the e2e tests that show the screens (each screenshot is also an accessibility check),
 * then copies the chosen ones from test-output/screenshots/ to docs/screenshots/ under stable
 * names. Run it after a UI change and commit docs/screenshots/.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const from = `${root}test-output/screenshots/`;
const to = `${root}docs/screenshots/`;

/** The README's pictures: the test screenshot each comes from. */
export const PICTURES: Record<string, string> = {
  'main-window-light.png': '12-two-accounts',
  'main-window-dark.png': '13-two-accounts-dark',
  'inspect.png': '72-inspect-history',
  'device-code.png': '41-device-code',
  'copy-as.png': '70-copy-as-menu',
  'import-preview.png': '74-import-preview',
  'tray-menu.png': '76-tray-menu',
};

const TESTS = [
  'tests/e2e/token-lifecycle.test.ts',
  'tests/e2e/grant-types.test.ts',
  'tests/e2e/all-day.test.ts',
];

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: false });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed; the pictures were not updated.`);
    process.exit(result.status ?? 1);
  }
}

if (!process.argv.includes('--copy-only')) {
  run('npx', ['electron-vite', 'build']);
  run('npx', ['vitest', 'run', '--project', 'e2e', ...TESTS]);
}
mkdirSync(to, { recursive: true });
for (const [name, source] of Object.entries(PICTURES)) {
  const file = `${from}${source}.png`;
  if (!existsSync(file)) {
    console.error(`${file} is missing: run the e2e tests that take it.`);
    process.exit(1);
  }
  copyFileSync(file, `${to}${name}`);
}
console.warn(`Copied ${Object.keys(PICTURES).length} pictures to docs/screenshots/.`);
