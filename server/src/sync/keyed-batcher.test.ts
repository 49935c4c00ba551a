import { describe, expect, it } from 'vitest';
import { createKeyedBatcher } from './keyed-batcher';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('keyed batcher', () => {
  it('reads at once for the first caller and serves everyone arriving meanwhile with one more read', async () => {
    const reads: { key: string; inputs: number[]; done: ReturnType<typeof deferred<void>> }[] = [];
    const batcher = createKeyedBatcher<number, string>(async (key, inputs) => {
      const done = deferred<void>();
      reads.push({ key, inputs, done });
      await done.promise;
      const read = reads.length;
      return (input) => `${key}:${input}@${read}`;
    });
    const first = batcher.run('a', 1);
    expect(reads.map((r) => r.inputs)).toEqual([[1]]);
    const later = [batcher.run('a', 2), batcher.run('a', 3), batcher.run('a', 4)];
    const other = batcher.run('b', 9);
    expect(reads.map((r) => r.inputs)).toEqual([[1], [9]]);
    reads[0]!.done.resolve();
    expect(await first).toBe('a:1@2');
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads.map((r) => r.inputs)).toEqual([[1], [9], [2, 3, 4]]);
    reads[2]!.done.resolve();
    reads[1]!.done.resolve();
    expect(await Promise.all(later)).toEqual(['a:2@3', 'a:3@3', 'a:4@3']);
    expect(await other).toBe('b:9@3');
    expect(batcher.inFlight).toBe(0);
  });

  it('rejects one caller alone when its answer throws, and a whole batch when the read fails', async () => {
    let fail = false;
    const batcher = createKeyedBatcher<number, number>(async () => {
      if (fail) throw new Error('database down');
      return (input) => {
        if (input < 0) throw new Error(`refused ${input}`);
        return input * 10;
      };
    });
    const results = await Promise.allSettled([batcher.run('k', 1), batcher.run('k', -2), batcher.run('k', 3)]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([10, 'refused -2', 30]);
    fail = true;
    await expect(batcher.run('k', 4)).rejects.toThrow('database down');
    fail = false;
    expect(await batcher.run('k', 5)).toBe(50);
  });

  it('caps a read at maxBatch inputs', async () => {
    const sizes: number[] = [];
    const gate = deferred<void>();
    const batcher = createKeyedBatcher<number, number>(async (_key, inputs) => {
      sizes.push(inputs.length);
      await gate.promise;
      return (input) => input;
    }, 2);
    const all = Promise.all([1, 2, 3, 4, 5, 6].map((n) => batcher.run('k', n)));
    gate.resolve();
    expect(await all).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sizes).toEqual([1, 2, 2, 1]);
  });
});
