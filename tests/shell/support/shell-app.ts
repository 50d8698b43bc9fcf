import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Result } from '../../../contract/domain.ts';
import type { DoubleConfig } from '../electron-double/config.ts';
import type { Command, DoubleState, Reply, Report } from '../electron-double/protocol-messages.ts';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const MAIN_BUNDLE = join(ROOT, 'out/main/index.js');
const MAIN_PROCESS = join(ROOT, 'tests/shell/electron-double/main-process.ts');
const TIMEOUT_MS = 15_000;

export interface LaunchOptions extends Partial<Omit<DoubleConfig, 'safeStorage'>> {
  safeStorage?: Partial<DoubleConfig['safeStorage']>;
  /** Leave the child before `ready` (default: emit `ready` and wait for the window). */
  manualReady?: boolean;
}

/**
 * The built main bundle running in a child Node process on the Electron double, driven over
 * its IPC channel: what a user's app would be after `electron .`, minus Chromium.
 */
export class ShellApp {
  readonly child: ChildProcess;
  readonly config: DoubleConfig;
  /** Everything the child reported on its own, in order. */
  readonly reports: Report[] = [];
  stderr = '';
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private readonly reportWaiters: { match(r: Report): boolean; resolve(r: Report): void }[] = [];
  readonly exited: Promise<{ code: number | null; state: DoubleState | undefined }>;

  constructor(config: DoubleConfig) {
    this.config = config;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ELECTRON_DOUBLE_CONFIG: JSON.stringify(config),
    };
    delete env.ELECTRON_RENDERER_URL;
    delete env.ELECTRON_RUN_AS_NODE;
    this.child = spawn(process.execPath, [MAIN_PROCESS, MAIN_BUNDLE], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.child.on('message', (message: Reply | Report) => {
      if ('id' in message) {
        this.pending.get(message.id)?.(message);
        this.pending.delete(message.id);
        return;
      }
      this.reports.push(message);
      for (const waiter of [...this.reportWaiters]) {
        if (waiter.match(message)) {
          this.reportWaiters.splice(this.reportWaiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
    this.exited = new Promise((resolveExit) => {
      this.child.on('exit', (code) => {
        const exit = this.reports.find((r) => r.type === 'exit');
        resolveExit({ code, state: exit?.type === 'exit' ? exit.state : undefined });
        for (const [, reply] of this.pending) reply({ id: 0, ok: false, error: 'child exited' });
        this.pending.clear();
      });
    });
  }

  /** Sends a command and resolves with the child's answer (rejects with its error). */
  async send<T = unknown>(command: Command): Promise<T> {
    const id = this.nextId++;
    const reply = await new Promise<Reply>((resolveReply, reject) => {
      if (this.child.exitCode !== null || !this.child.connected) {
        reject(new Error(`The app has exited.\n${this.stderr}`));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`No answer to ${command.cmd} within ${TIMEOUT_MS} ms.\n${this.stderr}`));
      }, TIMEOUT_MS);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolveReply(r);
      });
      this.child.send({ ...command, id });
    });
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as T;
  }

  state(): Promise<DoubleState> {
    return this.send<DoubleState>({ cmd: 'state' });
  }

  /** Calls `window.tokenManager.<path>(...args)` in the app window's page. */
  api<T = unknown>(path: string, ...args: unknown[]): Promise<Result<T>> {
    return this.send<Result<T>>({ cmd: 'api', path, args });
  }

  /** Like {@link api}, but fails the test unless the result is ok. */
  async apiOk<T = unknown>(path: string, ...args: unknown[]): Promise<T> {
    const result = await this.api<T>(path, ...args);
    if (!result.ok) throw new Error(`${path}: ${result.error.code} ${result.error.message}`);
    return result.value;
  }

  /** Resolves with the first report (past or future) matching `match`. */
  report<T extends Report['type']>(
    type: T,
    match: (r: Extract<Report, { type: T }>) => boolean = () => true,
    after = 0,
  ): Promise<Extract<Report, { type: T }>> {
    const matches = (r: Report): r is Extract<Report, { type: T }> =>
      r.type === type && match(r as Extract<Report, { type: T }>);
    const seen = this.reports.slice(after).find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolveReport, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`No '${type}' report within ${TIMEOUT_MS} ms.\n${this.stderr}`)),
        TIMEOUT_MS,
      );
      this.reportWaiters.push({
        match: matches,
        resolve: (r) => {
          clearTimeout(timer);
          resolveReport(r as Extract<Report, { type: T }>);
        },
      });
    });
  }

  /** Polls the double's state until `predicate` holds. */
  async waitFor(
    predicate: (state: DoubleState) => boolean,
    what: string,
    timeoutMs = TIMEOUT_MS,
  ): Promise<DoubleState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await this.state();
      if (predicate(state)) return state;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Emits `ready` and waits until the window has loaded its page and the tray exists. */
  async ready(): Promise<DoubleState> {
    await this.send({ cmd: 'ready' });
    return this.waitFor(
      (s) =>
        s.windows.some((w) => w.preload !== null && w.visible) &&
        (this.config.trayUnavailable || s.trays.length > 0),
      'the window and the tray',
    );
  }

  /** Quits like the user would and resolves with the exit code and the final state. */
  async quit(): Promise<{ code: number | null; state: DoubleState | undefined }> {
    await this.send({ cmd: 'quit' });
    return this.exited;
  }

  /** Ends the child if a test left it running. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      try {
        await this.quit();
      } catch {
        this.child.kill();
        await this.exited;
      }
    }
  }
}

let packageVersion: string | undefined;

/** A fresh data folder path (not yet created: the app must create it). */
export async function tempDataDir(): Promise<{ root: string; userData: string }> {
  const root = await mkdtemp(join(tmpdir(), 'token-desk-shell-'));
  return { root, userData: join(root, 'config', 'Token Desk') };
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** A random keyring key, to share between launches that should open the same vault. */
export function keyringKey(): string {
  return randomBytes(32).toString('hex');
}

/** Starts the built app on the double; by default up to its window and tray. */
export async function launchShell(
  options: LaunchOptions & { userData: string },
): Promise<ShellApp> {
  packageVersion ??= (
    JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const { manualReady, safeStorage, ...rest } = options;
  const config: DoubleConfig = {
    appPath: ROOT,
    version: packageVersion,
    packaged: false,
    defaultApp: false,
    argv: [],
    platform: process.platform,
    singleInstanceLock: true,
    notificationsSupported: true,
    trayUnavailable: false,
    clipboardRefusedFormats: [],
    ...rest,
    safeStorage: {
      asyncEncryptionAvailable: true,
      backend: 'gnome_libsecret',
      key: keyringKey(),
      ...safeStorage,
    },
  };
  const app = new ShellApp(config);
  const loaded = await Promise.race([
    app.report('loaded'),
    app.report('load-error'),
    app.exited.then(() => ({ type: 'exited' as const })),
  ]);
  if (loaded.type === 'load-error') throw new Error(`The bundle failed to load: ${loaded.message}`);
  if (loaded.type === 'exited' && config.singleInstanceLock) {
    throw new Error(`The app exited while loading.\n${app.stderr}`);
  }
  if (!manualReady && loaded.type === 'loaded' && config.singleInstanceLock) await app.ready();
  return app;
}
