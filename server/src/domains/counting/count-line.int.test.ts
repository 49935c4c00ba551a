import { ErrorCode, type EnrollResponse, type PushedCommand } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lineArgs, outbox, sessionArgs, siteDocuments, pushAccepted } from '../../../test/counting';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { enrollTestDevice, push } from '../../../test/sync';
import { buildApp } from '../../app';
import { loadServerConfig } from '../../config';
import { rebuildScopes } from '../../sync/rebuild-scopes.service';
import { generateCatalog } from '../demo/catalog.generator';
import type { CatalogItem } from '../demo/catalog.model';
import { SIZE_PROFILES } from '../demo/demo-sizes';
import { createRng } from '../demo/prng';
import { DEFAULT_DEMO_SEED } from '../demo/seed-demo.service';

const GS = '\x1d';

/** A finished good of the demo company exactly as the seed makes it, with its unit EAN-13 and its case GTIN-14. */
function demoItem(): CatalogItem {
  const catalog = generateCatalog(createRng(DEFAULT_DEMO_SEED, 'small').fork('catalog'), SIZE_PROFILES.small);
  const item = catalog.items.find((i) => i.kind === 'finished' && i.barcodes.length === 2);
  if (!item) throw new Error('the small demo catalogue has no finished good with a case GTIN');
  return item;
}

describe.each(BACKENDS)('count lines on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let device: EnrollResponse;
  let q: ReturnType<typeof outbox>;
  const demo = demoItem();
  const db = () => testDb.handle.db;

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'count-lines');
    await insertFixture(db());
    await db().insertInto('items').values({
      id: demo.id, tenant_id: 'tnt_demo', sku: demo.sku, name: demo.name, type: 'finished', category: demo.category, unit: demo.unit,
      cost_minor: 1234, currency: 'EUR', reorder_point: 0, safety_stock: 0, lead_time_days: demo.leadTimeDays, supplier_id: null, home_site_id: 'site_a',
    }).execute();
    await db().insertInto('item_barcodes').values(demo.barcodes.map((barcode) => ({ tenant_id: 'tnt_demo', barcode, item_id: demo.id }))).execute();
    await rebuildScopes(db(), 'tnt_demo');
    app = await buildApp(loadServerConfig({}), { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
  });
  beforeEach(async () => {
    device = await enrollTestDevice(app, db());
    q = outbox();
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  const pushOk = (commands: PushedCommand[]) => pushAccepted(app, device.credential, commands);
  const started = async (overrides: Record<string, unknown> = {}) => {
    const s = sessionArgs({ locationIds: ['loc_a1'], ...overrides });
    await pushOk([q('counting.createSession', s), q('counting.startSession', { sessionId: s.sessionId, by: 'Maria' })]);
    return s.sessionId;
  };

  it('resolves GS1 scans of a demo item (unit GTIN with lot and expiry, case GTIN-14, human-readable form) on the server', async () => {
    const id = await started();
    const [unit, caseGtin] = demo.barcodes as [string, string];
    const scans = [
      `]C101${unit.padStart(14, '0')}10LOT-7${GS}17271231`,
      `(01)${caseGtin}(10)B2`,
      `0${unit}`,
    ];
    const lines = scans.map((barcode) => lineArgs(id, { barcode, lot: null, quantity: 2 }));
    await pushOk(lines.map((l) => q('counting.recordLine', l)));
    const docs = await siteDocuments(app, device.credential);
    expect(lines.map((l) => docs.get(`count_line/${l.lineId}`)?.itemId)).toEqual([demo.id, demo.id, demo.id]);
    // Nothing of it was expected at A-01: counting it adds the row at 0, at its cost now.
    expect(docs.get(`count_expected/${id}|loc_a1|${demo.id}`)).toEqual({ sessionId: id, locationId: 'loc_a1', itemId: demo.id, frozenQty: 0, unitCostMinor: 1234, movements: [], posted: null });
  });

  it('keeps a scan of an unknown barcode, flagged with no item, and a malformed GS1 scan as the code it is', async () => {
    const id = await started();
    const unknown = lineArgs(id, { barcode: '2000000000015', itemId: 'itm_bolt' });
    const malformed = lineArgs(id, { barcode: ']C1010400638133393' });
    await pushOk([q('counting.recordLine', unknown), q('counting.recordLine', malformed)]);
    const docs = await siteDocuments(app, device.credential);
    expect(docs.get(`count_line/${unknown.lineId}`)).toMatchObject({ itemId: null, barcode: '2000000000015', quantity: 1 });
    expect(docs.get(`count_line/${malformed.lineId}`)).toMatchObject({ itemId: null, barcode: ']C1010400638133393' });
    expect([...docs.keys()].filter((k) => k.startsWith(`count_expected/${id}|`)).sort()).toEqual([
      `count_expected/${id}|loc_a1|itm_bolt`, `count_expected/${id}|loc_a1|itm_frame`,
    ]);
  });

  it('rejects bad lines with reasons and keeps the rest of the batch', async () => {
    const id = await started({ name: 'Bolts only', kind: 'cycle', itemIds: ['itm_bolt'] });
    const good = [lineArgs(id, { quantity: 3 }), lineArgs(id, { quantity: 0 }), lineArgs(id, { barcode: '4006381333948', quantity: 2.5 })];
    const res = await push(app, device.credential, [
      q('counting.recordLine', good[0]!),
      q('counting.recordLine', lineArgs(id, { quantity: -1 })),
      q('counting.recordLine', lineArgs(id, { locationId: 'loc_nowhere' })),
      q('counting.recordLine', lineArgs(id, { locationId: 'loc_a2' })),
      q('counting.recordLine', lineArgs(id, { barcode: 'FRAME-1' })),
      q('counting.recordLine', good[1]!),
      q('counting.recordLine', lineArgs(id, { quantity: 2_000_000 })),
      q('counting.recordLine', lineArgs(id, { sessionId: '6f1c1e34-9d0a-4a8e-9c55-1a2b3c4d5e6f' })),
      q('counting.voidLine', { lineId: '0b6c7a3e-5a2f-4d0c-8a55-7e1f2d3c4b5a', sessionId: id, by: 'Ali' }),
      q('counting.recordLine', lineArgs(id, { lot: 'L1', expiry: '2026-02-30' })),
      q('counting.recordLine', good[2]!),
    ]);
    // create and start took mutations 1 and 2.
    expect(res.data.lastMutationId).toBe(13);
    expect(res.data.rejections.map((r) => [r.mutationId, r.code, r.reason])).toEqual([
      [4, ErrorCode.ValidationFailed, expect.stringContaining('quantity: the quantity cannot be negative')],
      [5, ErrorCode.CommandRejected, 'There is no location loc_nowhere in session Bolts only; this scan was not recorded.'],
      [6, ErrorCode.CommandRejected, 'Location A-02 is not counted in session Bolts only; this scan was not recorded.'],
      [7, ErrorCode.CommandRejected, 'Item FRAME-1 is not part of cycle count Bolts only; this scan was not recorded.'],
      [9, ErrorCode.ValidationFailed, expect.stringContaining('the quantity is over 1,000,000: check it')],
      [10, ErrorCode.NotFound, 'There is no count session 6f1c1e34-9d0a-4a8e-9c55-1a2b3c4d5e6f.'],
      [11, ErrorCode.NotFound, 'Session Bolts only has no line 0b6c7a3e-5a2f-4d0c-8a55-7e1f2d3c4b5a (was its scan rejected?); nothing was undone.'],
      [12, ErrorCode.CommandRejected, 'The expiry 2026-02-30 is not a date; this scan was not recorded.'],
    ]);
    const stored = await db().selectFrom('count_lines').select(['id', 'quantity']).where('session_id', '=', id).execute();
    expect(stored.map((l) => [l.id, Number(l.quantity)]).sort()).toEqual(good.map((l) => [l.lineId, l.quantity]).sort());
  });

  it('takes lines of a session with assigned counters from them only (names in any case), and keeps the rest of the batch', async () => {
    const id = await started({ counters: ['Ali', 'Berta'] });
    const commands = [q('counting.recordLine', lineArgs(id, { counter: 'berta ' })), q('counting.recordLine', lineArgs(id, { counter: 'Carl' })), q('counting.recordLine', lineArgs(id))];
    const res = await push(app, device.credential, commands);
    expect(res.data.rejections.map((r) => [r.mutationId, r.reason])).toEqual([
      [commands[1]!.mutationId, 'Carl is not assigned to session Aisles count (its counters: Ali, Berta); this scan was not recorded.'],
    ]);
    const stored = await db().selectFrom('count_lines').select('counter').where('session_id', '=', id).orderBy('counter').execute();
    expect(stored.map((l) => l.counter)).toEqual(['Ali', 'berta']);
  });

  it('records a line once, however often it is pushed, and freezes a cycle count at zero too', async () => {
    const id = await started({ kind: 'cycle', itemIds: ['itm_frame'], locationIds: ['loc_a2'] });
    const line = lineArgs(id, { locationId: 'loc_a2', barcode: 'FRAME-1', quantity: 1 });
    await pushOk([q('counting.recordLine', line), q('counting.recordLine', line)]);
    await pushOk([q('counting.recordLine', { ...line, quantity: 5 })]);
    const stored = await db().selectFrom('count_lines').select('quantity').where('id', '=', line.lineId).execute();
    expect(stored.map((l) => Number(l.quantity))).toEqual([1]);
    const docs = await siteDocuments(app, device.credential);
    expect(docs.get(`count_expected/${id}|loc_a2|itm_frame`)).toMatchObject({ frozenQty: 0, unitCostMinor: 4500 });
    expect(await rebuildScopes(db(), 'tnt_demo')).toEqual({ changed: {} });
  });
});
