import { defineConfig } from 'vitest/config';

/** Fails any test in which a known secret shows up in logs, events, notifications or IPC results. */
const LEAK_GUARD = './tests/support/leak-guard-setup.ts';

export default defineConfig({
  test: {
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
