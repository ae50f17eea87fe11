/**
 * Single flight: while a call for a key is in flight, callers with the same
 * key share its promise instead of starting their own; the key is free
 * again as soon as the call settles (nothing is cached past that).
 */
export class InflightDeduplicator<T> {
  private readonly inflight = new Map<string, Promise<T>>();
  /** Calls that shared another's answer, since start (for tests and stats). */
  shared = 0;

  run(key: string, call: () => Promise<T>): Promise<T> {
    const existing = this.inflight.get(key);
    if (existing) {
      this.shared++;
      return existing;
    }
    const promise = call().finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  /** Keys in flight now. */
  get size(): number {
    return this.inflight.size;
  }
}
