/**
 * A clock a test moves by hand, for scheduled work that takes an injectable
 * clock (`{ now(), setTimer(fn, ms) }`, e.g. crm's daily health
 * recomputation). `advance` jumps: time moves at once, then every timer that
 * fell due fires, late, in the order they were due, as real timers do after
 * the machine slept. A timer set by one that fires waits for the next advance.
 */
export interface ManualClock {
  now(): Date;
  setTimer(fn: () => void, ms: number): () => void;
  /** Moves the clock forward by `ms`, then fires the timers that fell due. */
  advance(ms: number): void;
  /** Timers set and not yet fired or cancelled. */
  readonly pending: number;
}

export function createManualClock(start: Date = new Date()): ManualClock {
  let now = start.getTime();
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => new Date(now),
    setTimer(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return () => void timers.delete(id);
    },
    advance(ms) {
      now += Math.max(0, ms);
      const due = [...timers].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at);
      for (const [id, timer] of due) {
        timers.delete(id);
        timer.fn();
      }
    },
    get pending() {
      return timers.size;
    },
  };
}
