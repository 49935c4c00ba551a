// The sync engine's promise, checked as a model: three plant-floor devices and a back office,
// random local commands, devices going offline and online, answers lost after the server
// committed, requests delivered twice, device clocks hours off. Once everyone is back online and
// synced, every replica equals the server for its scope, every command took effect exactly once
// (or was rejected with a reason), and nothing queued was lost. Real server, real databases.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKENDS } from '../../server/test/databases';
import { ITEMS, LOCATIONS, SITE, createSyncWorld, movementArgs, type SyncWorld } from './support/sync-world';

type Model = Record<string, never>;
type Cmd = fc.AsyncCommand<Model, SyncWorld>;

const device = fc.integer({ min: 0, max: 2 });
const location = fc.constantFrom(...LOCATIONS);
const item = fc.constantFrom(...ITEMS);
const kind = fc.constantFrom('receipt' as const, 'issue' as const);
const quantity = fc.integer({ min: 1, max: 20 });

function command(label: string, run: (world: SyncWorld) => Promise<void>): Cmd {
  return { check: () => true, run: async (_m, world) => run(world), toString: () => label };
}

const commands = [
  fc.tuple(device, kind, location, item, quantity).map(([d, k, l, i, q]) => command(`record(${d},${k},${l},${i},${q})`, async (w) => {
    const args = movementArgs(k, l, i, q);
    const { mutationId } = await w.devices[d]!.engine.queue('inventory.recordMovement', args);
    w.devices[d]!.queued.push({ mutationId, movementId: args.movementId });
  })),
  device.map((d) => command(`sync(${d})`, async (w) => void (await w.devices[d]!.engine.syncNow()))),
  device.map((d) => command(`offline(${d})`, async (w) => w.devices[d]!.network.setMode('offline'))),
  device.map((d) => command(`online(${d})`, async (w) => w.devices[d]!.network.setMode('online'))),
  device.map((d) => command(`lose-answer+sync(${d})`, async (w) => {
    w.devices[d]!.network.loseNextResponse();
    await w.devices[d]!.engine.syncNow();
  })),
  device.map((d) => command(`deliver-twice+sync(${d})`, async (w) => {
    w.devices[d]!.network.duplicateNextRequest();
    await w.devices[d]!.engine.syncNow();
  })),
  fc.tuple(location, item, quantity).map(([l, i, q]) => command(`office-receipt(${l},${i},${q})`, (w) => w.serverChange('receipt', l, i, q))),
];

async function converge(world: SyncWorld): Promise<void> {
  for (const d of world.devices) d.network.setMode('online');
  // Bounded: each round pushes every outbox and pulls everything; two quiet rounds end it.
  for (let round = 0, quiet = 0; round < 10 && quiet < 2; round += 1) {
    for (const d of world.devices) await d.engine.syncNow();
    quiet = world.devices.every((d) => d.engine.status.get().pendingCount === 0) ? quiet + 1 : 0;
  }
}

async function serverStock(world: SyncWorld): Promise<string[]> {
  const rows = await world.database.handle.db.selectFrom('stock_movements')
    .select(['location_id', 'item_id', sql<string>`sum(quantity)`.as('on_hand')])
    .where('tenant_id', '=', 'tnt_demo').where('site_id', '=', SITE)
    .groupBy(['location_id', 'item_id']).execute();
  return rows.filter((r) => Number(r.on_hand) !== 0).map((r) => `${r.location_id}|${r.item_id}=${Number(r.on_hand)}`).sort();
}

async function replicaStock(world: SyncWorld, index: number): Promise<string[]> {
  const rows = await world.devices[index]!.replica.db.selectFrom('stock_levels').selectAll().where('site_id', '=', SITE).execute();
  return rows.filter((r) => r.on_hand !== 0).map((r) => `${r.location_id}|${r.item_id}=${r.on_hand}`).sort();
}

async function assertConverged(world: SyncWorld): Promise<void> {
  const truth = await serverStock(world);
  for (const [index, d] of world.devices.entries()) {
    expect(d.engine.status.get().pendingCount, `device ${index} still has unsent commands`).toBe(0);
    expect(await replicaStock(world, index), `device ${index} replica differs from the server`).toEqual(truth);
    const rejected = new Set((await d.engine.rejections()).map((r) => r.mutationId));
    for (const { mutationId, movementId } of d.queued) {
      const posted = await world.database.handle.db.selectFrom('stock_movements').select(sql<number>`count(*)`.as('n'))
        .where('movement_id', '=', movementId).executeTakeFirstOrThrow();
      expect(Number(posted.n), `device ${index} command ${mutationId}`).toBe(rejected.has(mutationId) ? 0 : 1);
    }
  }
}

describe.each(BACKENDS)('sync model on %s', (backend) => {
  let world: SyncWorld | null = null;
  afterEach(async () => {
    await world?.close();
    world = null;
  });

  it('converges: replicas equal the server, each command exactly once, nothing lost', async () => {
    const skews = fc.array(fc.integer({ min: -12, max: 12 }).map((h) => h * 3_600_000), { minLength: 3, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(skews, fc.commands(commands, { maxCommands: 30 }), async (clockSkews, cmds) => {
        world = await createSyncWorld(backend, clockSkews);
        try {
          await fc.asyncModelRun(() => ({ model: {}, real: world! }), cmds);
          await converge(world);
          await assertConverged(world);
        } finally {
          await world.close();
          world = null;
        }
      }),
      { numRuns: backend === 'postgres' ? 8 : 5, endOnFailure: true },
    );
  }, 300_000);
});
