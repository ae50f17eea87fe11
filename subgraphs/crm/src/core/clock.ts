/**
 * Time as scheduled work sees it: the system's in production, a test's
 * clock (moved by hand) in tests, so a daily job can be run by moving time
 * instead of waiting.
 */
export interface Clock {
  now(): Date;
  /** Calls `fn` once after `ms` of this clock's time; returns what cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

/** The system's clock; its timers do not keep the process alive. */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
