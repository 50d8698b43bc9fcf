/**
 * Draws the tray menu model (main/core/tray-menu.ts) as a desktop-style menu in a browser page,
 * so the README can show what the tray offers: the shell turns the same items into an Electron
 * menu, which cannot be photographed here.
 */
import type { Page } from 'playwright-core';
import type { TrayMenuItem } from '../../main/core/tray-menu.ts';

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function itemsHtml(items: readonly TrayMenuItem[], open: number): string {
  return items
    .map((item, index) => {
      switch (item.type) {
        case 'separator':
          return '<hr>';
        case 'label':
          return `<div class="label">${escape(item.label)}</div>`;
        case 'action':
          return `<div class="action${item.enabled ? '' : ' off'}">${escape(item.label)}</div>`;
        case 'submenu':
          return `<div class="sub${index === open ? ' open' : ''}">${escape(item.label)}<span>▸</span>${
            index === open ? `<div class="menu child">${itemsHtml(item.items, -1)}</div>` : ''
          }</div>`;
      }
    })
    .join('');
}

/** Renders `items` with the first account's submenu opened, in a page of its own. */
export async function renderTrayMenu(page: Page, items: readonly TrayMenuItem[]): Promise<void> {
  const open = items.findIndex((i) => i.type === 'submenu');
  await page.setViewportSize({ width: 760, height: 420 });
  await page.setContent(`<!doctype html><html lang="en"><head><title>Tray menu</title><style>
    body { margin: 0; padding: 24px; background: #dfe3ea; font: 13px system-ui, sans-serif; }
    .menu { position: relative; width: 300px; padding: 4px 0; background: #fff; color: #1d2127;
      border: 1px solid #c5cad3; border-radius: 6px; box-shadow: 0 8px 24px rgb(0 0 0 / 18%); }
    .menu.child { position: absolute; left: 296px; top: -5px; width: 260px; }
    .label { padding: 4px 14px; color: #5b6270; font-size: 12px; }
    .action, .sub { position: relative; padding: 5px 14px; }
    .sub span { position: absolute; right: 10px; color: #5b6270; }
    .open { background: #3358d4; color: #fff; }
    .open > span { color: #fff; }
    .open .menu.child { color: #1d2127; }
    .off { color: #8b94a1; }
    hr { border: 0; border-top: 1px solid #e3e6eb; margin: 4px 0; }
  </style></head><body><main><div class="menu" role="img" aria-label="Tray menu">${itemsHtml(items, open)}</div></main></body></html>`);
}
