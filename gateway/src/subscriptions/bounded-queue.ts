/**
 * A FIFO with a fixed capacity between the event router (producer) and one
 * subscriber (consumer). A subscriber that falls `capacity` events behind
 * overflows instead of growing the gateway's memory without bound.
 */
export class BoundedQueue<T> {
  private readonly items: T[] = [];
  private waiting: ((result: IteratorResult<T, undefined>) => void) | undefined;
  private ended = false;
  overflowed = false;

  constructor(private readonly capacity: number) {}

  /** Adds an item; false (and the queue ends) when it was full. */
  push(item: T): boolean {
    if (this.ended) return false;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ done: false, value: item });
      return true;
    }
    if (this.items.length >= this.capacity) {
      this.overflowed = true;
      this.end();
      return false;
    }
    this.items.push(item);
    return true;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.items.length > 0) return Promise.resolve({ done: false, value: this.items.shift()! });
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  end(): void {
    this.ended = true;
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.({ done: true, value: undefined });
  }
}
