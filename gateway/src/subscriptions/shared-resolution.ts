/**
 * Resolutions shared by subscribers: those with the same selection (entity
 * query and variables) and the same authorisation scope get an event's
 * entity from one subgraph round trip, not one each. A result is kept from
 * `ttlMs` to twice that after it was asked for, long enough for every
 * subscriber of the event to pick it up (one further behind resolves again,
 * which is still correct: it gets the entity as it is then).
 */
export interface SharedResolutions<T> {
  /** The result under `key`, running `resolve` only when no recent one is there. */
  get(key: string, resolve: () => Promise<T>): Promise<T>;
  /** How many resolutions were run, and how many were shared, since the start. */
  readonly stats: { resolved: number; shared: number };
  stop(): void;
}

export function createSharedResolutions<T>(ttlMs = 5_000): SharedResolutions<T> {
  // two generations, swapped every ttlMs: no timer or bookkeeping per entry
  let current = new Map<string, Promise<T>>();
  let previous = new Map<string, Promise<T>>();
  const timer = setInterval(() => {
    previous = current;
    current = new Map();
  }, ttlMs);
  timer.unref();
  const stats = { resolved: 0, shared: 0 };
  return {
    get(key, resolve) {
      let result = current.get(key) ?? previous.get(key);
      if (result) {
        stats.shared++;
        return result;
      }
      stats.resolved++;
      result = resolve();
      current.set(key, result);
      // a failed resolution is not kept: the next subscriber tries again
      result.catch(() => {
        if (current.get(key) === result) current.delete(key);
        if (previous.get(key) === result) previous.delete(key);
      });
      return result;
    },
    stats,
    stop() {
      clearInterval(timer);
      current.clear();
      previous.clear();
    },
  };
}
