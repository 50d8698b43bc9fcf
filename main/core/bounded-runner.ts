export interface BoundedRunnerOptions {
  /** Tasks running at once, across all groups. */
  concurrency: number;
  /** Tasks running at once within one group (one provider). */
  perGroup: number;
}

interface Queued {
  key: string;
  group: string;
  task: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * Runs keyed tasks with bounded concurrency: at most `concurrency` at once, at most `perGroup`
 * at once per group, and never two for one key (a task submitted while one for its key is
 * queued or running shares that one's result). Background refresh uses it with key = account
 * and group = provider, so no provider sees more than a few requests from this app at a time.
 *
 * Each group has its own queue and groups take turns, so starting the next task costs
 * O(groups), not O(queued tasks), even with 10,000 accounts at one provider.
 */
export class BoundedRunner {
  private readonly bounds: () => BoundedRunnerOptions;
  private readonly queues = new Map<string, Queued[]>();
  private readonly runningPerGroup = new Map<string, number>();
  private readonly byKey = new Map<string, Promise<unknown>>();
  private running = 0;

  /**
   * `bounds` may be a function, read each time a task could start: a changed setting applies
   * to what is queued at once, and tasks already running finish.
   */
  constructor(bounds: BoundedRunnerOptions | (() => BoundedRunnerOptions)) {
    if (typeof bounds === 'function') {
      this.bounds = bounds;
    } else {
      if (bounds.concurrency < 1 || bounds.perGroup < 1)
        throw new RangeError('BoundedRunner needs a concurrency of at least 1.');
      this.bounds = () => bounds;
    }
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.byKey.size;
  }

  /** Queues `task`; resolves or rejects with it. A key already queued or running is shared. */
  run<T>(key: string, group: string, task: () => Promise<T>): Promise<T> {
    const existing = this.byKey.get(key);
    if (existing) return existing as Promise<T>;
    const promise = new Promise<T>((resolve, reject) => {
      const queue = this.queues.get(group) ?? [];
      queue.push({ key, group, task, resolve: resolve as (value: unknown) => void, reject });
      this.queues.set(group, queue);
    });
    this.byKey.set(key, promise);
    this.pump();
    return promise;
  }

  private pump(): void {
    const bounds = this.bounds();
    const concurrency = Math.max(1, bounds.concurrency);
    const perGroup = Math.max(1, bounds.perGroup);
    while (this.running < concurrency) {
      const next = this.takeNext(perGroup);
      if (!next) return;
      this.start(next);
    }
  }

  /** The first task of the first group with room; that group then goes to the back. */
  private takeNext(perGroup: number): Queued | undefined {
    for (const [group, queue] of this.queues) {
      if ((this.runningPerGroup.get(group) ?? 0) >= perGroup) continue;
      const next = queue.shift()!;
      this.queues.delete(group);
      if (queue.length > 0) this.queues.set(group, queue);
      return next;
    }
    return undefined;
  }

  private start(item: Queued): void {
    this.running++;
    this.runningPerGroup.set(item.group, (this.runningPerGroup.get(item.group) ?? 0) + 1);
    // A task that throws synchronously settles like one that rejects.
    const result = Promise.resolve().then(item.task);
    // Bookkeeping before settling: a caller resubmitting the key at once gets a new run.
    const finish = (): void => {
      this.running--;
      const left = this.runningPerGroup.get(item.group)! - 1;
      if (left > 0) this.runningPerGroup.set(item.group, left);
      else this.runningPerGroup.delete(item.group);
      this.byKey.delete(item.key);
    };
    void result.then(
      (value) => {
        finish();
        item.resolve(value);
        this.pump();
      },
      (err: unknown) => {
        finish();
        item.reject(err);
        this.pump();
      },
    );
  }
}
