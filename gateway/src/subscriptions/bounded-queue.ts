/**
 * A FIFO with a fixed capacity between the event router (producer) and one
 * subscriber (consumer). A subscriber that falls `capacity` events behind
 * overflows instead of growing the gateway's memory without bound.
 */
export class BoundedQueue<T> {
  private readonly items: T[] = [];
  private head = 0;
  private waiting: ((result: IteratorResult<T, undefined>) => void) | undefined;
  private roomWaiters: (() => void)[] = [];
  private ended = false;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length - this.head;
  }

  get full(): boolean {
    return this.length >= this.capacity;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Adds an item; false (and nothing is added) when the queue is full or ended. */
  push(item: T): boolean {
    if (this.ended) return false;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ done: false, value: item });
      return true;
    }
    if (this.full) return false;
    this.items.push(item);
    return true;
  }

  /** The oldest item, left in the queue; undefined when it is empty. */
  peek(): T | undefined {
    return this.length > 0 ? this.items[this.head] : undefined;
  }

  /** Takes the oldest item; undefined when the queue is empty. */
  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const value = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    // compact now and then rather than shift() on every item
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    if (this.roomWaiters.length > 0) this.roomWaiters.shift()!();
    return value;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.length > 0) return Promise.resolve({ done: false, value: this.shift()! });
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /**
   * Resolves true once an item can be pushed, false when the queue ended or
   * `timeoutMs` passed first: for producers that may wait (replays) rather
   * than overflow.
   */
  async waitForRoom(timeoutMs: number): Promise<boolean> {
    while (!this.ended && this.full) {
      let timer: NodeJS.Timeout | undefined;
      let wake: (() => void) | undefined;
      const room = await new Promise<boolean>((resolve) => {
        wake = () => resolve(true);
        this.roomWaiters.push(wake);
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      clearTimeout(timer);
      this.roomWaiters = this.roomWaiters.filter((w) => w !== wake);
      if (!room) return false;
    }
    return !this.ended;
  }

  /**
   * No more items are accepted; what is queued can still be taken, then
   * `last` if given (whatever the capacity: a closing message).
   */
  end(last?: T): void {
    if (this.ended) return;
    if (last !== undefined) {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve({ done: false, value: last });
      } else {
        this.items.push(last);
      }
    }
    this.ended = true;
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.({ done: true, value: undefined });
    for (const wake of this.roomWaiters.splice(0)) wake();
  }

  /** Ends the queue and drops what it holds. */
  clear(): void {
    this.items.length = 0;
    this.head = 0;
    this.end();
  }
}
