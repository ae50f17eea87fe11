import { describe, expect, it } from 'vitest';
import { arrivals } from '../src/arrivals.ts';

describe('arrivals', () => {
  it('resolves waits as items arrive, in order, and names what it waited for when they do not', async () => {
    const seen = arrivals<number>('numbers', 200);
    const two = seen.until(2);
    const even = seen.find((n) => n % 2 === 0);
    await seen.handler(1);
    seen.push(4);
    expect(await two).toEqual([1, 4]);
    expect(await even).toBe(4);
    expect(await seen.matching((n) => n > 0, 2)).toEqual([1, 4]);
    await expect(seen.until(3)).rejects.toThrow('got 2/3 numbers');
    await expect(seen.find((n) => n > 10, 50)).rejects.toThrow('no matching numbers among 2');
  });
});
