import type { TrayMenuItem } from '../../../main/core/tray-menu.ts';
import type { MenuItemData } from '../electron-double/tray.ts';

/** What the shell must make of the core's tray model: Electron menu items, as data. */
export function expectedMenu(items: TrayMenuItem[], platform = process.platform): MenuItemData[] {
  const label = (text: string) => (platform === 'darwin' ? text : text.replaceAll('&', '&&'));
  return items.map((item): MenuItemData => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator', clickable: false };
      case 'label':
        return { label: label(item.label), enabled: false, clickable: false };
      case 'submenu':
        return {
          label: label(item.label),
          clickable: false,
          submenu: expectedMenu(item.items, platform),
        };
      case 'action':
        return {
          label: label(item.label),
          enabled: item.enabled,
          ...(item.hint ? { toolTip: item.hint } : {}),
          clickable: true,
        };
    }
  });
}
