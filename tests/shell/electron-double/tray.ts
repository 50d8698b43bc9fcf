import { EventEmitter } from 'node:events';
import { config } from './app.ts';
import { isReady, record, toData } from './recorder.ts';

type Template = Array<Electron.MenuItemConstructorOptions | Electron.MenuItem>;

/** A menu as built from a template; its items keep their `click` handlers for tests. */
export class MenuDouble extends EventEmitter {
  readonly template: Electron.MenuItemConstructorOptions[];
  static buildFromTemplate(template: Template): Electron.Menu {
    record('Menu.buildFromTemplate');
    return new MenuDouble(
      template as Electron.MenuItemConstructorOptions[],
    ) as unknown as Electron.Menu;
  }
  private constructor(template: Electron.MenuItemConstructorOptions[]) {
    super();
    this.template = template;
  }
}

export const trays: TrayDouble[] = [];

/** A status-area icon: tooltip, context menu and clicks. */
export class TrayDouble
  extends EventEmitter
  implements Pick<Electron.Tray, 'setToolTip' | 'setContextMenu' | 'destroy' | 'isDestroyed'>
{
  readonly image: unknown;
  tooltip = '';
  menu: MenuDouble | null = null;
  destroyed = false;

  constructor(image: Electron.NativeImage | string, guid?: string) {
    super();
    record('Tray.constructor', image, guid);
    if (!isReady()) throw new Error('Cannot create Tray before app is ready');
    if (config.trayUnavailable) throw new Error('The desktop has no status area.');
    this.image = toData(image);
    trays.push(this);
  }
  setToolTip(toolTip: string): void {
    this.tooltip = toolTip;
  }
  setContextMenu(menu: Electron.Menu | null): void {
    record('Tray.setContextMenu');
    this.menu = menu as unknown as MenuDouble | null;
  }
  destroy(): void {
    record('Tray.destroy');
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Finds a menu item by its labels from the top (e.g. ['Alice', 'Copy access token']). */
  find(labels: string[]): Electron.MenuItemConstructorOptions | undefined {
    let items = this.menu?.template ?? [];
    let found: Electron.MenuItemConstructorOptions | undefined;
    for (const label of labels) {
      found = items.find((item) => item.label === label);
      if (!found) return undefined;
      items = (found.submenu ?? []) as Electron.MenuItemConstructorOptions[];
    }
    return found;
  }

  snapshot() {
    return {
      image: this.image,
      tooltip: this.tooltip,
      destroyed: this.destroyed,
      menu: this.menu ? menuData(this.menu.template) : null,
    };
  }
}

export interface MenuItemData {
  type?: string;
  label?: string;
  enabled?: boolean;
  toolTip?: string;
  clickable: boolean;
  submenu?: MenuItemData[];
}

function menuData(items: Electron.MenuItemConstructorOptions[]): MenuItemData[] {
  return items.map((item) => ({
    ...(item.type ? { type: item.type } : {}),
    ...(item.label !== undefined ? { label: item.label } : {}),
    ...(item.enabled !== undefined ? { enabled: item.enabled } : {}),
    ...(item.toolTip ? { toolTip: item.toolTip } : {}),
    clickable: typeof item.click === 'function',
    ...(Array.isArray(item.submenu) ? { submenu: menuData(item.submenu) } : {}),
  }));
}
