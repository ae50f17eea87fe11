/** How long a test waits for something to arrive before it fails, saying what it waited for. */
export const DELIVERY_TIMEOUT_MS = 15_000;

/** Items arriving from a handler (a Bus consumer's, a subscription's), with ways to await them (no sleeps). */
export interface Arrivals<T> {
  /** Everything that arrived so far, oldest first. */
  readonly items: readonly T[];
  push(item: T): void;
  /** `push` as an async handler, to hand to a Bus consumer. */
  handler(item: T): Promise<void>;
  /** Resolves with the first `count` items once they are there; rejects after the timeout, naming what it waited for. */
  until(count: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves with the first item matching `predicate`; rejects after the timeout. */
  find(predicate: (item: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Resolves with the items matching `predicate` once there are at least `count` of them; rejects after the timeout. */
  matching(predicate: (item: T) => boolean, count?: number, timeoutMs?: number): Promise<T[]>;
}

/**
 * Items of `what` (named in timeout errors) arriving one by one.
 * `timeoutMs` is the default wait of `until`, `find` and `matching`
 * (default `DELIVERY_TIMEOUT_MS`).
 */
export function arrivals<T>(what: string, timeoutMs = DELIVERY_TIMEOUT_MS): Arrivals<T> {
  const items: T[] = [];
  const waiters = new Set<() => void>();
  const push = (item: T) => {
    items.push(item);
    for (const wake of [...waiters]) wake();
  };
  /** Resolves once `done()` holds, re-checked on each arrival; rejects after `wait` ms with `failure()`. */
  async function when(done: () => boolean, failure: () => string, wait: number): Promise<void> {
    const deadline = Date.now() + wait;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(failure());
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        waiters.add(wake);
      });
    }
  }
  return {
    items,
    push,
    handler: async (item) => push(item),
    async until(count, wait = timeoutMs) {
      await when(
        () => items.length >= count,
        () => `got ${items.length}/${count} ${what}`,
        wait,
      );
      return items.slice(0, count);
    },
    async find(predicate, wait = timeoutMs) {
      await when(
        () => items.some(predicate),
        () => `no matching ${what} among ${items.length}`,
        wait,
      );
      return items.find(predicate)!;
    },
    async matching(predicate, count = 1, wait = timeoutMs) {
      const matches = () => items.filter(predicate);
      await when(
        () => matches().length >= count,
        () => `got ${matches().length}/${count} matching ${what} among ${items.length}`,
        wait,
      );
      return matches();
    },
  };
}
