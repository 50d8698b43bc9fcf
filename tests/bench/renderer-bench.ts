/**
 * The renderer in real Chromium with 50 and 1,000 accounts: time to the first account row on
 * screen, and main-thread work per second while every row's countdown ticks.
 */
import type { Page } from 'playwright-core';
import { createBrowserCore } from '../support/browser-core.ts';
import { startBrowserHost } from '../support/browser-host.ts';
import { nativeClientInput } from '../support/oidc-provider-input.ts';
import { cloneAccounts, signInUsers } from '../support/seed-accounts.ts';

interface Row {
  what: string;
  measured: string;
  goal: string;
  ok?: boolean;
}

const median = (samples: number[]) =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? Number.NaN;

/** Records when the first account row is on screen (after the frame that shows it). */
const FIRST_ROW_PROBE = `
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-account-row]')) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__firstRowAt = performance.now(); }, 0));
  }).observe(document, { childList: true, subtree: true });
`;

async function firstRow(page: Page): Promise<number> {
  await page.reload();
  for (;;) {
    const at = await page.evaluate<number | null>('window.__firstRowAt ?? null');
    if (at !== null) return at;
    await page.waitForTimeout(10);
  }
}

/** Main-thread busy milliseconds per second over `seconds`, from Chromium's own counters. */
async function busyPerSecond(page: Page, seconds: number): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  };
  const before = await read();
  await page.waitForTimeout(seconds * 1000);
  const after = await read();
  await cdp.detach();
  return ((after - before) * 1000) / seconds;
}

async function measure(issuer: string, count: number) {
  const app = await createBrowserCore();
  await app.core.vault.create({ kind: 'os-keychain' });
  // The copies share one refresh token; the background must not try to renew them meanwhile.
  app.core.metadata.updateSettings({ autoRefresh: false });
  const provider = await app.core.providers.add(nativeClientInput(issuer));
  await signInUsers(app.core, provider.id, ['renderer']);
  // Every token under a minute from expiry: each row's countdown ("42 s") changes every second.
  const expiresAt = Date.now() + 58_000;
  await cloneAccounts(app.core, app.core.accounts.summaries()[0]!.id, count - 1, (i) => ({
    label: `Service ${i}`,
    subject: `svc-${i}`,
    expiresAt,
  }));
  const host = await startBrowserHost({ core: app.core, systemBrowser: app.systemBrowser });
  try {
    await host.page.addInitScript(FIRST_ROW_PROBE);
    const frames: number[] = [];
    for (let i = 0; i < 5; i++) frames.push(await firstRow(host.page));
    const tick = await busyPerSecond(host.page, 5);
    return { first: median(frames), tick };
  } finally {
    await host.close();
    await app.close();
  }
}

export async function benchRenderer(issuer: string): Promise<Row[]> {
  const small = await measure(issuer, 50);
  const large = await measure(issuer, 1000);
  const ratio = large.first / small.first;
  return [
    {
      what: 'renderer first frame, 1,000 vs 50 accounts',
      measured: `${large.first.toFixed(0)} ms vs ${small.first.toFixed(0)} ms (×${ratio.toFixed(2)})`,
      goal: '≤ ×2',
      ok: ratio <= 2,
    },
    {
      what: 'renderer tick, 1,000 accounts counting down',
      measured: `${large.tick.toFixed(1)} ms/s busy (50: ${small.tick.toFixed(1)} ms/s)`,
      goal: '≤ 4 ms/s',
      ok: large.tick <= 4,
    },
  ];
}
