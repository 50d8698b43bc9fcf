import { Menu, Tray, type MenuItemConstructorOptions } from 'electron';
import type { Core } from '../core/app-core.ts';
import { toAppError } from '../core/errors.ts';
import { copyTokenAs } from '../core/accounts/copy-token.ts';
import { COPY_FORMAT_LABELS } from '../core/accounts/copy-formats.ts';
import { buildTrayMenu, type TrayAction, type TrayMenuItem } from '../core/tray-menu.ts';
import { createTrayIcon } from './app-icon.ts';

export interface TrayOptions {
  core: Core;
  showWindow(): void;
  quit(): void;
  notify(title: string, body: string): void;
}

/** Expiry texts are in minutes, so the menu is rebuilt once a minute as well as on changes. */
const REBUILD_INTERVAL_MS = 60_000;

/**
 * The tray icon and its menu, built from the pure model in core/tray-menu.ts. Its actions
 * call the same core services as the window; a copied token goes through the clipboard guard,
 * which clears it again. Failures are reported by notification, never with token material.
 */
export function createTray(options: TrayOptions): { dispose(): void } {
  const { core } = options;
  const tray = new Tray(createTrayIcon());
  tray.setToolTip('Token Desk');

  let shown = '';
  const rebuild = () => {
    const items = buildTrayMenu(currentAccounts(core), Date.now(), {
      locked: !core.vault.isUnlocked,
      pendingScripts: core.consent.list(),
    });
    // Replacing an unchanged menu would close it under the user's pointer on some desktops.
    const key = JSON.stringify(items);
    if (key === shown) return;
    shown = key;
    tray.setContextMenu(Menu.buildFromTemplate(items.map((item) => toTemplate(item, run))));
  };

  const run = (action: TrayAction) => {
    void perform(action, options).catch((err: unknown) =>
      options.notify('Token Desk', toAppError(err).message),
    );
  };

  // Windows opens the app on a left click; the menu is on the right button there.
  if (process.platform !== 'darwin') tray.on('click', () => options.showWindow());

  const unsubscribe = core.events.subscribe((event) => {
    if (event === 'accounts:changed' || event === 'vault:changed') rebuild();
    if (event === 'agent:pendingChanged') rebuild();
  });
  const timer = setInterval(rebuild, REBUILD_INTERVAL_MS);
  rebuild();

  return {
    dispose() {
      clearInterval(timer);
      unsubscribe();
      tray.destroy();
    },
  };
}

function currentAccounts(core: Core) {
  try {
    return core.accounts.summaries();
  } catch {
    // A broken metadata entry must not take the tray down; the window shows the problem.
    return [];
  }
}

async function perform(action: TrayAction, options: TrayOptions): Promise<void> {
  const { core } = options;
  const notify = (title: string, body: string) => options.notify(title, body);
  switch (action.kind) {
    case 'copy': {
      const label = core.accounts.get(action.accountId).label;
      const { clearsAt } = await copyTokenAs(
        core.accounts,
        core.clipboard,
        action.accountId,
        action.format,
      );
      const seconds = clearsAt === null ? null : Math.round((clearsAt - Date.now()) / 1000);
      notify(
        `${COPY_FORMAT_LABELS[action.format]} copied`,
        seconds === null ? label : `${label}: cleared from the clipboard in ${seconds} s.`,
      );
      return;
    }
    case 'refresh': {
      const summary = await core.accounts.refresh(action.accountId);
      notify('Token refreshed', summary.label);
      return;
    }
    case 'refresh-all': {
      const { refreshed, failed } = await core.refreshAll();
      notify(
        'Refresh all',
        failed.length === 0
          ? `${refreshed} ${refreshed === 1 ? 'account' : 'accounts'} refreshed.`
          : `${refreshed} refreshed, ${failed.length} failed. Open Token Desk for details.`,
      );
      return;
    }
    case 'answer-script':
      core.consent.answer(action.requestId, action.decision);
      return;
    case 'show-window':
      options.showWindow();
      return;
    case 'quit':
      options.quit();
      return;
  }
}

function toTemplate(
  item: TrayMenuItem,
  run: (action: TrayAction) => void,
): MenuItemConstructorOptions {
  switch (item.type) {
    case 'separator':
      return { type: 'separator' };
    case 'label':
      return { label: escapeMnemonics(item.label), enabled: false };
    case 'submenu':
      return {
        label: escapeMnemonics(item.label),
        submenu: item.items.map((child) => toTemplate(child, run)),
      };
    case 'action':
      return {
        label: escapeMnemonics(item.label),
        enabled: item.enabled,
        ...(item.hint ? { toolTip: item.hint } : {}),
        click: () => run(item.action),
      };
  }
}

/** Windows and Linux menus read `&` as a mnemonic marker; account labels may contain one. */
function escapeMnemonics(label: string): string {
  return process.platform === 'darwin' ? label : label.replaceAll('&', '&&');
}
