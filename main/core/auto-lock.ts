/** What the operating system reports that locks the vault (Electron `powerMonitor` events). */
export type PowerEvent = 'lock-screen' | 'suspend';

export type AutoLockReason = PowerEvent | 'idle';

export interface AutoLockPolicy {
  /** Whether the vault locks by itself at all (the setting, applied to the vault's protection). */
  enabled: boolean;
  /** How long without user activity before it locks. */
  idleMs: number;
}

export interface AutoLockOptions {
  policy: () => AutoLockPolicy;
  isUnlocked: () => boolean;
  /** Locks the vault and drops everything decrypted (see `Core.lock`). */
  lock: (reason: AutoLockReason) => void;
  now?: () => number;
  /** How often idle time is checked while the app runs. */
  checkEveryMs?: number;
}

const DEFAULT_CHECK_MS = 15_000;

/**
 * Locks the vault when the screen locks, the computer suspends, or the user has been idle for
 * the configured time. The shell only forwards what the OS reports (`powerEvent`, a source of
 * system-wide idle time); the decisions are made here, on an injectable clock.
 */
export class AutoLock {
  private readonly options: AutoLockOptions;
  private readonly now: () => number;
  private lastActivity: number;
  private systemIdleSeconds: (() => number) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: AutoLockOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.lastActivity = this.now();
  }

  /** Starts the periodic idle check (an unref'd timer: it never keeps the process alive). */
  start(): void {
    this.stop();
    this.timer = setInterval(() => this.check(), this.options.checkEveryMs ?? DEFAULT_CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Measures idle time by the operating system (input anywhere on the machine counts as
   * activity) instead of by calls from the app window. Given by the shell once the OS can be
   * asked; without it (plain Node: tests, the browser preview) only app activity counts.
   */
  useSystemIdleTime(seconds: () => number): void {
    this.systemIdleSeconds = seconds;
  }

  /** The user did something in the app (a call from the window); also called on unlock. */
  activity(): void {
    this.lastActivity = this.now();
  }

  /** The screen locked or the computer is going to sleep: lock now, if auto-lock is on. */
  powerEvent(event: PowerEvent): void {
    if (this.options.policy().enabled && this.options.isUnlocked()) this.options.lock(event);
  }

  /** How long the user has been idle, in ms: by the OS when it says, else by app activity. */
  idleMs(): number {
    const system = this.systemIdleSeconds?.();
    return system === undefined || !Number.isFinite(system)
      ? this.now() - this.lastActivity
      : system * 1000;
  }

  /** Locks when idle for longer than the policy allows. Runs on the timer; tests call it. */
  check(): void {
    const { enabled, idleMs } = this.options.policy();
    if (!enabled || !this.options.isUnlocked()) return;
    if (this.idleMs() >= idleMs) this.options.lock('idle');
  }
}
