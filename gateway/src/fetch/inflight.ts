/**
 * Single flight: while a call for a key is in flight, callers with the same
 * key share its promise instead of starting their own; the key is free
 * again as soon as the call settles (nothing is cached past that).
 *
 * `invalidate()` (called when a mutation starts) makes every later caller
 * start afresh rather than join a call begun before it, so that a read
 * that follows a write never gets an answer from before the write.
 */
export class InflightDeduplicator<T> {
  private readonly inflight = new Map<string, Promise<T>>();
  private generation = 0;
  /** Calls that shared another's answer, since start (for tests and stats). */
  shared = 0;

  invalidate(): void {
    this.generation++;
  }

  run(callKey: string, call: () => Promise<T>): Promise<T> {
    const key = `${this.generation}\n${callKey}`;
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
