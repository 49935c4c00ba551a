import { randomUUID } from 'node:crypto';
import { ErrorCode, type CommandActor, type EnrollResponse, type PushedCommand } from '@capliquify/shared';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { captureLogger, silentLogger } from '../../test/logs';
import { signInOnDevice } from '../../test/people';
import { enrollTestDevice, movementCommand, push } from '../../test/sync';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';
import { enterTenantScope } from '../db/tenant-scope';
import { readOnHand } from '../domains/inventory/stock-level.repo';
import { createBatchScopeWriter } from './batch-scope-writer';
import { applyCommand, applyInOrder, type BatchParts, type CommandResult } from './command-apply.service';
import { createActorCheck } from './command-actor.service';
import type { DeviceIdentity } from './device-auth.service';
import { rebuildScopes } from './rebuild-scopes.service';
import { scopesForSite } from './scopes';

const PRE_POSTED = randomUUID();
const OPEN_SESSION = randomUUID();
const MOVEMENT_IDS = [...Array.from({ length: 11 }, () => randomUUID()), PRE_POSTED];

/** JSON with the clock's readings left out: two runs of the same commands differ only there. */
function withoutTimes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'at' ? undefined : v)));
}

describe.each(BACKENDS)('movement runs pushed set-wise on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let station: EnrollResponse;
  let identity: DeviceIdentity;
  const actors: Record<'admin' | 'viewer', CommandActor> = {} as never;
  const db = () => testDb.handle.db;

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'push-set-wise');
    await insertFixture(db());
    await db().insertInto('stock_movements').values({
      tenant_id: 'tnt_demo', site_id: 'site_a', location_id: 'loc_a1', item_id: 'itm_bolt', kind: 'receipt', quantity: 1,
      unit_cost_minor: 12, occurred_at: new Date(), reference: null, movement_id: PRE_POSTED,
    }).execute();
    await rebuildScopes(db(), 'tnt_demo');
    app = await buildApp(loadServerConfig({}), { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
    station = await enrollTestDevice(app, db());
    const row = await db().selectFrom('devices').select('role').where('id', '=', station.deviceId).executeTakeFirstOrThrow();
    identity = { deviceId: station.deviceId, tenantId: 'tnt_demo', siteId: 'site_a', role: row.role, scopes: scopesForSite('site_a') };
    actors.admin = (await signInOnDevice(db(), station.deviceId, { displayName: 'Ada Admin' })).actor;
    actors.viewer = (await signInOnDevice(db(), station.deviceId, { displayName: 'Vic Viewer', grants: [{ siteId: 'site_a', role: 'viewer' }] })).actor;
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('applies 1,000 queued movements exactly once when command 500 breaks a database constraint: that one is rejected with its reason, the ids advance', async () => {
    const device = await enrollTestDevice(app, db());
    const before = await readOnHand(db(), 'tnt_demo', 'loc_a2', 'itm_frame');
    // 10^15 does not fit numeric(18, 4): only the insert finds out.
    const commands = Array.from({ length: 1_000 }, (_, i) => movementCommand(i + 1, { locationId: 'loc_a2', itemId: 'itm_frame', quantity: i === 499 ? 1e15 : 1 }));
    const refused = { mutationId: 500, name: 'inventory.recordMovement', code: ErrorCode.CommandRejected, reason: 'The command conflicts with the data on the server.' };
    const first = await push(app, device.credential, commands.slice(0, 500));
    expect(first.data).toEqual({ lastMutationId: 500, rejections: [refused] });
    expect((await push(app, device.credential, commands.slice(500))).data).toEqual({ lastMutationId: 1_000, rejections: [] });

    const posted = async () => (await db().selectFrom('stock_movements').select('movement_id')
      .where('movement_id', 'in', commands.map((c) => (c.args as { movementId: string }).movementId)).execute()).map((r) => r.movement_id);
    const expected = commands.filter((c) => c.mutationId !== 500).map((c) => (c.args as { movementId: string }).movementId);
    expect((await posted()).sort()).toEqual([...expected].sort());
    expect(await readOnHand(db(), 'tnt_demo', 'loc_a2', 'itm_frame')).toBe(before + 999);

    // The answer was lost after commit: both pushes again change nothing and repeat the rejection.
    expect((await push(app, device.credential, commands.slice(0, 500))).data).toEqual({ lastMutationId: 1_000, rejections: [refused] });
    expect((await push(app, device.credential, commands.slice(500))).data).toEqual({ lastMutationId: 1_000, rejections: [] });
    expect(await posted()).toHaveLength(999);
    expect(await readOnHand(db(), 'tnt_demo', 'loc_a2', 'itm_frame')).toBe(before + 999);

    const stored = await db().selectFrom('sync_rejections').select(['mutation_id', 'code']).where('device_id', '=', device.deviceId).execute();
    expect(stored).toEqual([{ mutation_id: '500', code: ErrorCode.CommandRejected }]);
    const row = await db().selectFrom('devices').select('last_mutation_id').where('id', '=', device.deviceId).executeTakeFirstOrThrow();
    expect(Number(row.last_mutation_id)).toBe(1_000);
    const level = await db().selectFrom('sync_rows').select('data').where('entity', '=', 'stock_level').where('id', '=', 'loc_a2|itm_frame').executeTakeFirstOrThrow();
    expect(level.data).toEqual({ siteId: 'site_a', locationId: 'loc_a2', itemId: 'itm_frame', onHand: before + 999 });
    expect(await rebuildScopes(db(), 'tnt_demo')).toEqual({ changed: {} });
  });

  /** Applies `commands` as a push would, reads what they did, then rolls everything back. */
  async function appliedThenRolledBack(commands: PushedCommand[], openCount: boolean, apply: (parts: BatchParts, commands: PushedCommand[]) => Promise<CommandResult[]>, logger?: Logger) {
    const trx = await db().startTransaction().execute();
    try {
      if (openCount) {
        await trx.insertInto('count_sessions').values({
          tenant_id: 'tnt_demo', id: OPEN_SESSION, site_id: 'site_a', name: 'Aisle 2', kind: 'full', blind: true, location_ids: JSON.stringify(['loc_a2']),
          item_ids: null, tolerance_qty_pct: 5, tolerance_value_minor: 0, currency: 'EUR', counters: JSON.stringify([]), status: 'counting', created_by: 'Maria', created_at: new Date(),
        }).execute();
      }
      const { max } = await trx.selectFrom('stock_movements').select((eb) => eb.fn.max('id').as('max')).executeTakeFirstOrThrow();
      const { version } = await trx.selectFrom('sync_scopes').select('version').where('scope', '=', 'site:site_a').executeTakeFirstOrThrow();
      await enterTenantScope(trx, 'tnt_demo');
      const scopes = createBatchScopeWriter(trx, 'tnt_demo');
      const results = await apply({ trx, scopes, actors: createActorCheck(trx, identity), device: identity, logger }, commands);
      await scopes.flush();
      const ledger = await trx.selectFrom('stock_movements').select(['movement_id', 'location_id', 'item_id', 'kind', 'quantity', 'unit_cost_minor'])
        .where('id', '>', String(max)).orderBy('id').execute();
      const rows = await trx.selectFrom('sync_rows').select(['entity', 'id', 'deleted', 'data']).where('scope', '=', 'site:site_a')
        .where('version', '>', String(version)).orderBy('entity').orderBy('id').execute();
      const rejections = await trx.selectFrom('sync_rejections').select(['mutation_id', 'name', 'code', 'reason', 'args'])
        .where('device_id', '=', identity.deviceId).orderBy('mutation_id').execute();
      // One new version for the batch when anything was written to the site, none otherwise.
      const after = await trx.selectFrom('sync_scopes').select('version').where('scope', '=', 'site:site_a').executeTakeFirstOrThrow();
      return withoutTimes({ results, ledger, rows, rejections, versionsTaken: Number(after.version) - Number(version) });
    } finally {
      await trx.rollback().execute();
    }
  }

  const oneByOne = async (parts: BatchParts, commands: PushedCommand[]) => {
    const results: CommandResult[] = [];
    for (const command of commands) {
      const result = await applyCommand(parts, command);
      if (result === 'stop') break;
      results.push(result);
    }
    return results;
  };

  const movementArb = fc.record({
    movementId: fc.constantFrom(...MOVEMENT_IDS),
    siteId: fc.constantFrom('site_a', 'site_a', 'site_a', 'site_x'),
    locationId: fc.constantFrom('loc_a1', 'loc_a1', 'loc_a2', 'loc_x1', 'loc_none'),
    itemId: fc.constantFrom('itm_bolt', 'itm_bolt', 'itm_frame', 'itm_none'),
    kind: fc.constantFrom('receipt', 'issue', 'count_adjustment'),
    quantity: fc.oneof(
      { arbitrary: fc.constantFrom<number[]>(1, 2, 0.5, 7.25, 60, 250, -3, 1.23456), weight: 40 },
      // Zero (bad args), a 5th decimal the database rounds up where JavaScript's binary does not, an overflow.
      { arbitrary: fc.constantFrom<number[]>(0, 0.00015, 1e15), weight: 3 },
    ),
  });
  const commandArb = fc.record({
    args: movementArb,
    actor: fc.constantFrom<('admin' | 'viewer' | 'none')[]>('admin', 'admin', 'admin', 'admin', 'admin', 'viewer', 'none'),
    // Another command between movements splits the run.
    name: fc.constantFrom('inventory.recordMovement', 'inventory.recordMovement', 'inventory.recordMovement', 'inventory.recordMovement', 'inventory.renamedLater'),
  });

  type Spec = typeof commandArb extends fc.Arbitrary<infer T> ? T : never;
  // Valid adjustments with, in the middle, a quantity the database rounds otherwise than planned and one it cannot store.
  const refusedByTheDatabase = [1, 0.00015, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 1e15, 17].map((quantity, i): Spec => ({
    args: { movementId: MOVEMENT_IDS[i % 11]!, siteId: 'site_a', locationId: i % 3 === 0 ? 'loc_a2' : 'loc_a1', itemId: 'itm_bolt', kind: 'count_adjustment', quantity },
    actor: 'admin', name: 'inventory.recordMovement',
  }));

  it('decides any run exactly as applying its commands one by one: results, rejections, ledger and replicated rows', async () => {
    const log = captureLogger('debug');
    await fc.assert(fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 40 }), fc.constantFrom(false, false, false, true), async (specs, openCount) => {
      const commands: PushedCommand[] = specs.map((spec, i) => ({
        mutationId: i + 1, name: spec.name, args: spec.args, createdAt: '2026-03-01T08:00:00.000Z',
        ...(spec.actor === 'none' ? {} : { actor: actors[spec.actor] }),
      }));
      const setWise = await appliedThenRolledBack(commands, openCount, applyInOrder, log.logger);
      expect(setWise).toEqual(await appliedThenRolledBack(commands, openCount, oneByOne));
    }), { numRuns: kind === 'pglite' ? 20 : 40, examples: [[refusedByTheDatabase, false], [refusedByTheDatabase, true]] });
    // Every way a run can go was taken: set-wise, declined (an open count), refused by the database and halved.
    const seen = new Set(log.lines().map((line) => line.msg));
    expect([...seen].filter((msg) => /a run of commands|set-wise/.test(String(msg))).sort()).toEqual([
      'a run of commands failed set-wise; applying it in parts', 'a run of commands goes one by one', 'applied a run of commands set-wise',
    ]);
  });
});
