import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeCatalog } from '../test/fake-catalog';
import { listOutbox, listRejections, SyncMetaKey, getSyncMeta } from './outbox.repo';
import { toPushedCommand } from './push-batch';
import { createSyncTransport } from './sync-transport';
import { movement, startHarness, type Harness } from './test/engine-harness';
import { listStockLevels } from './typed-rows.repo';

interface Model { queued: { mutationId: number; movementId: string }[] }
type Real = Harness;
type Cmd = fc.AsyncCommand<Model, Real>;

const ITEMS = ['item-0001', 'item-0002', 'item-0003'];
const LOCATIONS = ['loc-a1', 'loc-a2'];

class Record implements Cmd {
  constructor(readonly item: number, readonly location: number, readonly kind: 'receipt' | 'issue' | 'count_adjustment', readonly quantity: number) {}
  check = () => true;
  async run(m: Model, h: Real) {
    const args = movement({ itemId: ITEMS[this.item], locationId: LOCATIONS[this.location], kind: this.kind, quantity: this.quantity });
    const { mutationId } = await h.engine.queue('inventory.recordMovement', args);
    expect(mutationId).toBe((m.queued.at(-1)?.mutationId ?? 0) + 1);
    m.queued.push({ mutationId, movementId: args.movementId });
  }
  toString = () => `record(${this.kind} ${this.quantity} of ${ITEMS[this.item]} at ${LOCATIONS[this.location]})`;
}

class SetOnline implements Cmd {
  constructor(readonly online: boolean) {}
  check = () => true;
  async run(_m: Model, h: Real) {
    h.server.faults.offline = !this.online;
  }
  toString = () => (this.online ? 'online' : 'offline');
}

class Sync implements Cmd {
  check = () => true;
  async run(_m: Model, h: Real) {
    const status = await h.engine.syncNow();
    if (h.server.faults.offline) expect(status.connection).toBe('offline');
  }
  toString = () => 'sync';
}

class LoseNextResponse implements Cmd {
  constructor(readonly push: boolean) {}
  check = () => true;
  async run(_m: Model, h: Real) {
    if (this.push) h.server.faults.losePushResponses += 1;
    else h.server.faults.losePullResponses += 1;
  }
  toString = () => `lose next ${this.push ? 'push' : 'pull'} response`;
}

/** The network delivers an old push again (a proxy retry): the server must ignore it. */
class DuplicateDelivery implements Cmd {
  check = () => true;
  async run(m: Model, h: Real) {
    const credential = await getSyncMeta(h.db, SyncMetaKey.Credential);
    const commands = (await listOutbox(h.db)).slice(0, 3).map(toPushedCommand);
    if (commands.length === 0 || h.server.faults.offline) return;
    const replay = createSyncTransport({ serverUrl: h.server.url, credential: () => credential });
    await replay.push({ commands }).catch(() => undefined);
    void m;
  }
  toString = () => 'duplicate delivery';
}

class ServerChange implements Cmd {
  constructor(readonly item: number, readonly onHand: number) {}
  check = () => true;
  async run(_m: Model, h: Real) {
    const itemId = ITEMS[this.item] ?? 'item-0001';
    h.server.state.put('site:site-a', 'stock_level', `loc-a2|${itemId}`, { siteId: 'site-a', locationId: 'loc-a2', itemId, onHand: this.onHand });
  }
  toString = () => `server sets loc-a2|${ITEMS[this.item]} = ${this.onHand}`;
}

const commandArbs = [
  fc.tuple(fc.nat(2), fc.nat(1), fc.constantFrom('receipt' as const, 'issue' as const, 'count_adjustment' as const), fc.integer({ min: 1, max: 9 }))
    .map(([i, l, k, q]) => new Record(i, l, k, k === 'count_adjustment' && q % 2 ? -q : q)),
  fc.boolean().map((online) => new SetOnline(online)),
  fc.constant(new Sync()),
  fc.boolean().map((push) => new LoseNextResponse(push)),
  fc.constant(new DuplicateDelivery()),
  fc.tuple(fc.nat(2), fc.integer({ min: 0, max: 50 })).map(([i, q]) => new ServerChange(i, q)),
];

describe('one device against the protocol server (model-based)', () => {
  it('converges to the server’s state, applying every queued command exactly once or rejecting it with a reason', async () => {
    await fc.assert(fc.asyncProperty(fc.commands(commandArbs, { maxCommands: 40 }), async (cmds) => {
      const h = await startHarness({ catalog: makeCatalog(3) });
      try {
        const model: Model = { queued: [] };
        await fc.asyncModelRun(() => ({ model, real: h }), cmds);

        h.server.faults.offline = false;
        h.server.faults.losePushResponses = 0;
        h.server.faults.losePullResponses = 0;
        const settled = await h.engine.syncNow();
        expect(settled).toMatchObject({ pendingCount: 0, lastError: null, connection: 'online' });

        const rejected = new Set((await listRejections(h.db)).map((r) => r.mutationId));
        for (const q of model.queued) {
          const applied = h.server.state.movements.get(q.movementId) ?? 0;
          // Exactly once, or rejected (and then never applied); a rejection lost with a push response is re-sent on replay.
          expect(applied + (rejected.has(q.mutationId) ? 1 : 0)).toBe(1);
        }
        expect(h.server.state.devices.get('dev-1')?.lastMutationId).toBe(model.queued.length);
        const server = [...h.server.state.snapshot(['site:site-a']).entries()].filter(([k]) => k.startsWith('stock_level|'))
          .map(([k, d]) => ({ id: k.slice(12), siteId: 'site-a', onHand: (d as { onHand: number }).onHand })).sort((a, b) => (a.id < b.id ? -1 : 1));
        expect(await listStockLevels(h.db)).toEqual(server);
      } finally {
        await h.close();
      }
    }), { numRuns: 40 });
  });
});
