/**
 * Accessibility checks with axe-core in real Chromium: every screen the e2e suite photographs
 * is checked in the light and the dark theme, and a serious or critical violation fails the
 * test, naming the rule and the elements.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export type Theme = 'light' | 'dark';
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/**
 * A menu item is named by its label and described (aria-describedby) by the line under it: why
 * it is unavailable, or what it does. The label starts its visible text, which is what WCAG
 * 2.5.3 asks; axe's experimental rule also counts the description line, so it is not counted.
 */
function describedMenuItem(rule: string, html: string): boolean {
  return (
    rule === 'label-content-name-mismatch' &&
    html.includes('role="menuitem"') &&
    html.includes('aria-describedby=')
  );
}

/** Serious and critical violations on the page as it is now, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !describedMenuItem(v.id, n.html)) }))
    .filter((v) => v.nodes.length > 0 && FAILING_IMPACTS.has(v.impact ?? ''))
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

/**
 * Checks the screen in both themes and puts the page back in the theme it was in. Throws with
 * every serious or critical violation found.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const dark = await page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches");
  const found: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    // Let the theme's colours apply before contrast is measured.
    await page.evaluate(
      'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))',
    );
    for (const line of await axeViolations(page)) found.push(`[${theme}] ${line}`);
  }
  await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
  if (found.length > 0) {
    throw new Error(`Accessibility violations on "${screen}":\n${found.join('\n')}`);
  }
}
