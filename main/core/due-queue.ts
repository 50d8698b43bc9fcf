import TinyQueue from 'tinyqueue';

interface Entry {
  at: number;
  key: string;
}

const byTime = (a: Entry, b: Entry) => a.at - b.at;

/**
 * When each key (an account) is next due, kept so that changing one key, finding the earliest
 * and taking what is due cost O(log n), not a walk over every account. A binary heap with lazy
 * deletion: a key's older heap entries are skipped when they surface.
 */
export class DueQueue {
  private readonly dueAt = new Map<string, number>();
  private heap = new TinyQueue<Entry>([], byTime);

  get size(): number {
    return this.dueAt.size;
  }

  /** Plans `key` at `at`; `null` takes it out. */
  set(key: string, at: number | null): void {
    if (at === null) {
      this.dueAt.delete(key);
      return;
    }
    if (this.dueAt.get(key) === at) return;
    this.dueAt.set(key, at);
    this.heap.push({ at, key });
    // Stale entries pile up when keys move often: rebuild before they outnumber live ones.
    if (this.heap.length > 2 * this.dueAt.size + 64) this.rebuild();
  }

  get(key: string): number | undefined {
    return this.dueAt.get(key);
  }

  /** The earliest planned time, or undefined when nothing is planned. */
  earliest(): number | undefined {
    return this.top()?.at;
  }

  /** Takes out and answers every key due at or before `now`, earliest first. */
  takeDue(now: number): string[] {
    const due: string[] = [];
    for (let top = this.top(); top && top.at <= now; top = this.top()) {
      this.heap.pop();
      this.dueAt.delete(top.key);
      due.push(top.key);
    }
    return due;
  }

  clear(): void {
    this.dueAt.clear();
    this.heap = new TinyQueue<Entry>([], byTime);
  }

  private top(): Entry | undefined {
    this.dropStale();
    return this.heap.peek();
  }

  private dropStale(): void {
    for (let top = this.heap.peek(); top && this.dueAt.get(top.key) !== top.at;) {
      this.heap.pop();
      top = this.heap.peek();
    }
  }

  private rebuild(): void {
    const live = [...this.dueAt].map(([key, at]) => ({ key, at }));
    this.heap = new TinyQueue(live, byTime);
  }
}
