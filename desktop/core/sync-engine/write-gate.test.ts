import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWriteGate, WriteGateClosedError } from './write-gate';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the write gate', () => {
  it('lets writes through and counts those in flight', async () => {
    const gate = createWriteGate();
    const write = deferred();
    const running = gate.run(() => write.promise.then(() => 'done'));
    await Promise.resolve();
    expect(gate.inFlight()).toBe(1);
    write.resolve();
    expect(await running).toBe('done');
    expect(gate.inFlight()).toBe(0);
  });

  it('quiesces once the write in flight ends, and holds new ones until resumed', async () => {
    const gate = createWriteGate();
    const order: string[] = [];
    const first = deferred();
    const running = gate.run(async () => {
      await first.promise;
      order.push('first write ends');
    });
    await Promise.resolve();
    const quiesced = gate.quiesce(10_000).then((drained) => order.push(`quiesced ${drained}`));
    const held = gate.run(async () => void order.push('held write runs'));
    first.resolve();
    await Promise.all([running, quiesced]);
    expect(order).toEqual(['first write ends', 'quiesced true']);
    gate.resume();
    await held;
    expect(order.at(-1)).toBe('held write runs');
  });

  it('answers false when the write in flight outlasts the wait', async () => {
    const gate = createWriteGate();
    const slow = deferred();
    const running = gate.run(() => slow.promise);
    await Promise.resolve();
    expect(await gate.quiesce(5)).toBe(false);
    slow.resolve();
    await running;
    gate.resume();
    expect(await gate.run(async () => 'after')).toBe('after');
  });

  it('refuses held and later writes once closed, so the quit that installs an update never waits on them', async () => {
    const gate = createWriteGate();
    expect(await gate.quiesce(10)).toBe(true);
    const held = gate.run(async () => 'never');
    gate.close();
    await expect(held).rejects.toBeInstanceOf(WriteGateClosedError);
    await expect(gate.run(async () => 'never')).rejects.toThrow(/restarting to install an update/);
  });

  it('never has a write running between a drained quiesce and resume, in any interleaving', async () => {
    await fc.assert(fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 5 }), async (s, writes, quiesceAfter) => {
      const gate = createWriteGate();
      let quiet = false;
      let violations = 0;
      const all: Promise<unknown>[] = [];
      for (let i = 0; i < writes; i++) {
        all.push(s.schedule(Promise.resolve(), `write ${i}`).then(() => gate.run(async () => {
          if (quiet) violations += 1;
          await s.schedule(Promise.resolve(), `write ${i} commits`);
          if (quiet) violations += 1;
        })));
        if (i === quiesceAfter) {
          all.push(s.schedule(Promise.resolve(), 'quiesce').then(() => gate.quiesce(60_000)).then(async (drained) => {
            expect(drained).toBe(true);
            quiet = true;
            await s.schedule(Promise.resolve(), 'resume');
            quiet = false;
            gate.resume();
          }));
        }
      }
      await s.waitFor(Promise.all(all));
      expect(violations).toBe(0);
      expect(gate.inFlight()).toBe(0);
    }), { numRuns: 200 });
  });
});
