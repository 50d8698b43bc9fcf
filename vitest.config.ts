import { defineConfig } from 'vitest/config';

/** Fails any test in which a known secret shows up in logs, events, notifications or IPC results. */
const LEAK_GUARD = './tests/support/leak-guard-setup.ts';

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/skip-notes-reporter.ts'],
    // `npm run coverage`: line coverage of main/ and preload/ over every project. The shell
    // tests run the built bundles in child processes (and the preload in a vm context), which
    // autoAttachSubprocess collects; their source maps credit main/ and preload/.
    coverage: {
      provider: 'v8',
      include: ['main/**/*.ts', 'preload/**/*.ts', 'out/main/*.js', 'out/preload/*.cjs'],
      excludeAfterRemap: true,
      autoAttachSubprocess: true,
      reporter: ['text', 'text-summary', 'json-summary', 'html'],
      reportsDirectory: 'coverage',
    },
    // Stand-in servers and IdPs bind 127.0.0.1 only; nothing here reaches another address.
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: [LEAK_GUARD],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles: [LEAK_GUARD],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          // The built main bundle and preload on a typed Electron double (tests/shell/).
          name: 'shell',
          include: ['tests/shell/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/shell/support/require-build.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          // The real app in the Electron runtime (Playwright); skips where it is not installed.
          name: 'electron',
          include: ['tests/electron/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/e2e-setup.ts'],
          environment: 'node',
          setupFiles: [LEAK_GUARD],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
