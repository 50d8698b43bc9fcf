import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints, once per test file, why its tests were skipped (the note of `ctx.skip(note)`), so a
 * skip in `npm test` says why in one line instead of passing silently.
 */
export default class SkipNotesReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    for (const module of testModules) {
      const notes = new Set<string>();
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'skipped' && result.note) notes.add(result.note);
      }
      const file = relative(process.cwd(), module.moduleId);
      for (const note of notes) process.stdout.write(`↓ ${file} skipped: ${note}\n`);
    }
  }
}
