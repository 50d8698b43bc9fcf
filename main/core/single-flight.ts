/**
 * Runs at most one operation per key at a time; callers that arrive while one runs share its
 * result. Two refreshes of one account must never race: with rotating refresh tokens the
 * second would replay a used token, and providers revoke the whole grant for that.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, operation: () => Promise<T>): Promise<T> {
    const existing = this.running.get(key);
    if (existing) return existing;
    const promise = operation().finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return promise;
  }
}
