import { app, setExitHandler } from './app.ts';
import { ipcMain } from './ipc-main.ts';
import type { Command, CommandMessage, DoubleState, Reply, Report } from './protocol-messages.ts';
import { protocol } from './protocol.ts';
import { createEvent, isReady, recordedCalls } from './recorder.ts';
import { clipboard, errorBoxes, notifications, outbox, powerMonitor } from './system.ts';
import { trays } from './tray.ts';
import { defaultSession, windows, type BrowserWindowDouble } from './windows.ts';

/** The child's side of the control channel (see protocol-messages.ts). */
export function report(message: Report, then?: () => void): void {
  if (process.send) process.send(message, () => then?.());
  else then?.();
}

export function snapshot(): DoubleState {
  const counts = (emitter: NodeJS.EventEmitter) =>
    Object.fromEntries(emitter.eventNames().map((n) => [String(n), emitter.listenerCount(n)]));
  return {
    ready: isReady(),
    calls: recordedCalls(),
    windows: windows.map((w) => w.snapshot()),
    trays: trays.map((t) => t.snapshot()),
    clipboard: clipboard.entry,
    protocol: { privileged: protocol.privileged, handled: [...protocol.handlers.keys()] },
    ipc: { handled: [...ipcMain.handlers.keys()], listened: ipcMain.eventNames().map(String) },
    permissionHandlers: {
      request: Boolean(defaultSession.handlers.request),
      check: Boolean(defaultSession.handlers.check),
      device: Boolean(defaultSession.handlers.device),
    },
    appListeners: counts(app),
    powerMonitorListeners: counts(powerMonitor),
    notifications: notifications.map(({ title, body }) => ({ title, body })),
    errorBoxes,
  };
}

function pick<T>(list: T[], index: number | undefined, what: string): T {
  const item = index === undefined ? list.at(-1) : list[index];
  if (!item) throw new Error(`No ${what}${index === undefined ? '' : ` #${index}`}.`);
  return item;
}

function windowById(id: number | undefined): BrowserWindowDouble {
  if (id === undefined)
    return pick(
      windows.filter((w) => !w.destroyed),
      undefined,
      'open window',
    );
  const window = windows.find((w) => w.id === id);
  if (!window) throw new Error(`No window ${id}.`);
  return window;
}

/** `window.tokenManager.accounts.list` for path 'accounts.list' in the window's page. */
function exposedMember(windowId: number | undefined, path: string) {
  const world = windowById(windowId).webContentsDouble.world;
  if (!world) throw new Error('The window ran no preload.');
  let target: unknown = world.exposed['tokenManager'];
  for (const key of path.split('.')) {
    if (target === null || typeof target !== 'object' || !(key in target)) {
      throw new Error(`window.tokenManager.${path} does not exist.`);
    }
    target = (target as Record<string, unknown>)[key];
  }
  if (typeof target !== 'function')
    throw new Error(`window.tokenManager.${path} is not a function.`);
  return target as (...args: unknown[]) => unknown;
}

function frameAt(url: string | null): Electron.WebFrameMain | null {
  if (url === null) return null;
  if (url !== 'disposed') return { url } as Electron.WebFrameMain;
  return {
    get url(): string {
      throw new Error('Render frame was disposed before WebFrameMain could be accessed');
    },
  } as Electron.WebFrameMain;
}

async function run(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'state':
      return snapshot();
    case 'ready':
      app.emitReady();
      return undefined;
    case 'emit': {
      const emitters: Record<typeof command.target, () => NodeJS.EventEmitter> = {
        app: () => app,
        powerMonitor: () => powerMonitor,
        tray: () => pick(trays, command.index, 'tray'),
        window: () => windowById(command.index),
        webContents: () => windowById(command.index).webContentsDouble,
        notification: () => pick(notifications, command.index, 'notification'),
      };
      const event = command.eventParams ? createEvent(command.eventParams) : undefined;
      const args = command.args ?? [];
      emitters[command.target]().emit(command.event, ...(event ? [event, ...args] : args));
      return { defaultPrevented: event?.defaultPrevented ?? false };
    }
    case 'fetch': {
      const response = await protocol.fetch(command.url, command.method);
      const body = Buffer.from(await response.arrayBuffer());
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        text: body.toString('utf8'),
        size: body.length,
      };
    }
    case 'api':
      return await exposedMember(command.window, command.path)(...(command.args ?? []));
    case 'subscribe':
      exposedMember(
        command.window,
        command.path,
      )((payload: unknown) => report({ type: 'page-event', path: command.path, payload }));
      return undefined;
    case 'invoke': {
      const event = {
        ...createEvent(),
        frameId: 1,
        processId: 0,
        sender: undefined as unknown as Electron.WebContents,
        senderFrame: frameAt(command.senderUrl),
        type: 'frame' as const,
      };
      return await ipcMain.invoke(event, command.channel, command.args ?? []);
    }
    case 'menu-click': {
      const item = pick(trays, undefined, 'tray').find(command.labels);
      if (!item) throw new Error(`No tray menu item ${command.labels.join(' › ')}.`);
      if (item.enabled === false) throw new Error(`${command.labels.join(' › ')} is disabled.`);
      if (!item.click) throw new Error(`${command.labels.join(' › ')} does nothing.`);
      item.click(item as unknown as Electron.MenuItem, undefined, {});
      return undefined;
    }
    case 'window-open': {
      const handler = windowById(command.window).webContentsDouble.windowOpenHandler;
      if (!handler) return null;
      return handler({
        url: command.url,
        frameName: '',
        features: '',
        disposition: 'new-window',
        referrer: { url: '', policy: 'no-referrer' },
      } as unknown as Electron.HandlerDetails);
    }
    case 'permission': {
      const { request, check, device } = defaultSession.handlers;
      const requested = await new Promise<boolean | null>((resolve) => {
        if (!request) return resolve(null);
        request(
          {} as Electron.WebContents,
          command.permission as never,
          (granted) => resolve(granted),
          {} as never,
        );
      });
      return {
        requested,
        checked: check ? check(null, command.permission as never, '', {} as never) : null,
        device: device ? device({} as never) : null,
      };
    }
    case 'close-window':
      windowById(command.window).close();
      return undefined;
    case 'copy-text':
      await clipboard.writeText(command.text);
      return undefined;
    case 'quit':
      app.quit();
      return undefined;
  }
}

/** Starts answering the test's commands and reporting what the app does. */
export function startControlChannel(): void {
  process.on('message', (message: CommandMessage) => {
    run(message).then(
      (value) => process.send?.({ id: message.id, ok: true, value } satisfies Reply),
      (err: unknown) =>
        process.send?.({
          id: message.id,
          ok: false,
          error: err instanceof Error ? err.message : String(err),
        } satisfies Reply),
    );
  });
  outbox.on('openExternal', (url: string) => report({ type: 'open-external', url }));
  outbox.on('notification', (n: { title: string; body: string }) =>
    report({ type: 'notification', ...n }),
  );
  setExitHandler((code) => {
    report({ type: 'exit', code, state: snapshot() }, () => process.exit(code));
  });
}
