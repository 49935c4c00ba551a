import { describe, expect, it } from 'vitest';
import { MemoryWindowCounter } from './memory-window-counter';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

describe('MemoryWindowCounter', () => {
  it('opens a window at the first hit and counts every hit in it, cost included', async () => {
    const time = clock();
    const counter = new MemoryWindowCounter(time.now);
    expect(await counter.hit('ip:a', 1, 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
    time.advance(15_000);
    expect(await counter.hit('ip:a', 5, 60_000)).toEqual({ count: 6, resetInMs: 45_000 });
    expect(await counter.hit('ip:b', 1, 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it('starts afresh once the window has ended', async () => {
    const time = clock();
    const counter = new MemoryWindowCounter(time.now);
    await counter.hit('k', 3, 60_000);
    time.advance(59_999);
    expect((await counter.hit('k', 1, 60_000)).count).toBe(4);
    time.advance(1);
    expect(await counter.hit('k', 1, 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it('sweeps ended windows when many addresses have come and gone', async () => {
    const time = clock();
    const counter = new MemoryWindowCounter(time.now);
    for (let i = 0; i < 10_000; i += 1) await counter.hit(`ip:${i}`, 1, 60_000);
    expect(counter.size).toBe(10_000);
    time.advance(60_000);
    await counter.hit('ip:new', 1, 60_000);
    expect(counter.size).toBe(1);
  });
});
