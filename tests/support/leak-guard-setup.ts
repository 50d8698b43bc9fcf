/**
 * vitest setup file (every project): scans all console output for known secrets and fails
 * the test during which one appeared. Servers and harnesses register the secrets and scan
 * their own channels (events, notifications, IPC results); see leak-detector.ts.
 */
import { format } from 'node:util';
import { afterAll, afterEach } from 'vitest';
import { scanForSecrets, takeLeaks } from './leak-detector.ts';

const WRAPPED = Symbol.for('token-desk.tests.console-scanned');
const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

const consoleRecord = console as unknown as Record<string | symbol, unknown>;
/* eslint-disable no-console -- this file wraps every console method */
if (!consoleRecord[WRAPPED]) {
  consoleRecord[WRAPPED] = true;
  for (const method of methods) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      scanForSecrets(format(...args), `console.${method}`);
      original(...args);
    };
  }
}

function failOnLeaks(): void {
  const leaks = takeLeaks();
  if (leaks.length === 0) return;
  // Say what and where, never the secret itself.
  const lines = [...new Set(leaks.map((l) => `${l.kind} in ${l.where}`))];
  throw new Error(`A known secret leaked: ${lines.join('; ')}`);
}

afterEach(failOnLeaks);
afterAll(failOnLeaks);
