import { describe, expect, it } from 'vitest';
import type { OutboxCommand } from './outbox.repo';
import { takeWithinBytes } from './push-batch';

const actor = { userId: 'usr_ana', signInId: 'sgn_ana_station' };
const command = (mutationId: number, note = ''): OutboxCommand => ({ mutationId, name: 'inventory.recordMovement', args: { note }, createdAt: '2026-01-05T08:00:00.000Z', actor });

describe('takeWithinBytes', () => {
  it('counts exactly the bytes of the push body the transport sends', () => {
    const queued = [command(1), command(2, 'ü'.repeat(40)), command(3)];
    const batch = takeWithinBytes(queued, 1_000_000);
    expect(batch.commands.map((c) => c.mutationId)).toEqual([1, 2, 3]);
    expect(batch.bytes).toBe(Buffer.byteLength(JSON.stringify({ commands: batch.commands })));
  });

  it('sends who made each command, and no actor key for an old command queued without one', () => {
    const batch = takeWithinBytes([command(1), { ...command(2), actor: null }], 1_000_000);
    expect(batch.commands[0]).toEqual({ mutationId: 1, name: 'inventory.recordMovement', args: { note: '' }, createdAt: '2026-01-05T08:00:00.000Z', actor });
    expect(batch.commands[1]).not.toHaveProperty('actor');
    expect(batch.bytes).toBe(Buffer.byteLength(JSON.stringify({ commands: batch.commands })));
  });

  it('stops before the budget, oldest first, and always takes at least one command', () => {
    const queued = Array.from({ length: 10 }, (_, i) => command(i + 1));
    const one = Buffer.byteLength(JSON.stringify({ commands: [queued[0]] }));
    const batch = takeWithinBytes(queued, one * 3);
    expect(batch.commands.map((c) => c.mutationId)).toEqual([1, 2, 3]);
    expect(batch.bytes).toBeLessThanOrEqual(one * 3);
    expect(takeWithinBytes(queued, 1).commands.map((c) => c.mutationId)).toEqual([1]);
    expect(takeWithinBytes([], 1000)).toEqual({ commands: [], bytes: expect.any(Number) });
  });

  it('always shrinks when the budget is half of a refused batch, so halving ends at one command', () => {
    for (const queued of [
      Array.from({ length: 500 }, (_, i) => command(i + 1)),
      [command(1, 'x'.repeat(300)), command(2), command(3), command(4, 'y'.repeat(50))],
      [command(1), command(2), command(3, 'z'.repeat(900))],
    ]) {
      let batch = takeWithinBytes(queued, 1_000_000);
      const sizes = [batch.commands.length];
      while (batch.commands.length > 1) {
        batch = takeWithinBytes(queued, Math.floor(batch.bytes / 2));
        sizes.push(batch.commands.length);
      }
      expect(sizes.at(-1)).toBe(1);
      expect(sizes.every((n, i) => i === 0 || n < sizes[i - 1]!)).toBe(true);
      expect(sizes.length).toBeLessThanOrEqual(11);
    }
  });
});
