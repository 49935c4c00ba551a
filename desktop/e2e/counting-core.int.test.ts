// Counting end to end through the desktop core's local router, with two stations against the real
// server: one counts offline while the other counts online and the back office issues stock
// from a counted bin for a sale; the session is submitted and approved; the ledger then holds exactly what was
// physically there, computed here independently, and no scan was lost or doubled.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../server/test/databases';
import { parseCsv } from '@capliquify/shared/reports/test/parse-csv';
import { openCountingStation, type CountingStation } from './support/counting-station';
import { openBackOffice, serverStock, startTestServer, type TestServer } from './support/sync-server';

const BOLT = '4006381333931';
const BOLT_OTHER_LABEL = '4006381333948';
const GS = '\x1d';
const HOURS = 3_600_000;

let server: TestServer | null = null;
const stations: CountingStation[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of stations.splice(0)) await s.close();
  await server?.close();
  server = null;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function world(backend: (typeof BACKENDS)[number]) {
  server = await startTestServer(backend, 'counting-core');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-counting-e2e-'));
  dirs.push(dir);
  // Device clocks hours off in both directions: scans are stamped with server time all the same.
  const a = await openCountingStation(server, dir, 'station-a', { clockSkewMs: -2 * HOURS, person: 'Ana' });
  const b = await openCountingStation(server, dir, 'station-b', { clockSkewMs: 3 * HOURS, person: 'Ben' });
  stations.push(a, b);
  await a.sync();
  await b.sync();
  return { server, a, b, office: await openBackOffice(server) };
}

/** Long enough for the truncated-to-the-second `date` headers the offset is measured from. */
const clockResolution = () => new Promise((resolve) => setTimeout(resolve, 1_200));

describe.each(BACKENDS)('counting through the desktop core on %s', (backend) => {
  it('two stations, one offline, a sale from a counted bin during the count: approval posts exactly the physical truth', async () => {
    const { server, a, b, office } = await world(backend);
    const { sessionId } = await a.caller.counting.create({
      siteId: 'site_a', name: 'Aisles', kind: 'full', blind: false, locationIds: ['loc_a1', 'loc_a2'], itemIds: null,
      toleranceQtyPct: 25, toleranceValueMinor: 10_000, counters: [],
    });
    await a.caller.counting.start({ sessionId });
    await a.sync();
    await b.sync();
    expect((await b.caller.counting.session({ sessionId })).variance.rows.map((r) => `${r.locationCode}/${r.sku}=${r.frozenQty}`).sort())
      .toEqual(['A-01/BOLT-M8=200.5', 'A-01/FRAME-1=3', 'A-02/BOLT-M8=10']);

    // Station A loses the network and counts the bolts of A-01: a case of 150 (GS1), 15 by the
    // second label with a typed quantity, 31 singles, one of them undone. 195 are there.
    a.network.setMode('offline');
    const countStart = Date.now();
    const linesA: string[] = [];
    const located = await a.caller.counting.resolveLocation({ sessionId, raw: 'a-01' });
    expect(located).toEqual({ location: { id: 'loc_a1', code: 'A-01', name: 'Aisle 1' }, error: null });
    const scanA = async (raw: string, quantity?: number) => {
      const answer = await a.caller.counting.scan({ sessionId, locationId: 'loc_a1', raw, quantity });
      linesA.push(answer.line.id);
      return answer;
    };
    expect(await scanA(`]C101040063813339313${'7'}150${GS}10LOT-1`)).toMatchObject({ item: { sku: 'BOLT-M8' }, gs1: { lot: 'LOT-1' }, line: { quantity: 150 } });
    expect(await scanA(BOLT_OTHER_LABEL, 15)).toMatchObject({ item: { sku: 'BOLT-M8' }, line: { quantity: 15 } });
    for (let i = 0; i < 31; i++) await scanA(BOLT);
    const undone = await a.caller.counting.undoLast({ sessionId });
    expect(undone.voided).toMatchObject({ id: linesA.at(-1), voided: true });
    expect(await a.caller.sync.now()).toMatchObject({ connection: 'offline', pendingCount: 33 + 1 });
    const countEnd = Date.now();

    // After A counted, the back office issues 20 bolts and one frame from A-01 for a sale.
    await clockResolution();
    await office.post('issue', 'loc_a1', 'itm_bolt', 20);
    await office.post('issue', 'loc_a1', 'itm_frame', 1);
    await clockResolution();

    // Station B, online, counts after those issues: 2 frames at A-01, 12 bolts at A-02, and an unknown label.
    await b.sync();
    const linesB: string[] = [];
    for (const [location, raw] of [['loc_a1', 'FRAME-1'], ['loc_a1', 'FRAME-1'], ...Array.from({ length: 12 }, () => ['loc_a2', '(01)04006381333931(17)270600'])]) {
      linesB.push((await b.caller.counting.scan({ sessionId, locationId: location!, raw: raw! })).line.id);
    }
    const unknown = await b.caller.counting.scan({ sessionId, locationId: 'loc_a2', raw: 'ZZ-UNKNOWN' });
    expect(unknown).toMatchObject({ item: null, flag: 'unknown_barcode' });
    linesB.push(unknown.line.id);
    await b.sync();

    // A comes back: its offline scans arrive with the times they were counted.
    a.network.setMode('online');
    await a.sync();
    await b.sync();
    expect((await a.engine.rejections()).concat(await b.engine.rejections())).toEqual([]);
    const review = await b.caller.counting.session({ sessionId });
    const row = (loc: string, sku: string) => review.variance.rows.find((r) => r.locationCode === loc && r.sku === sku);
    expect(row('A-01', 'BOLT-M8')).toMatchObject({ counted: 195, expectedAtCount: 200.5, varianceQty: -5.5, status: 'ok', counters: ['Ana'] });
    expect(row('A-01', 'FRAME-1')).toMatchObject({ counted: 2, expectedAtCount: 2, varianceQty: 0, status: 'ok', counters: ['Ben'] });
    expect(row('A-02', 'BOLT-M8')).toMatchObject({ counted: 12, expectedAtCount: 10, varianceQty: 2, status: 'ok' });
    expect(review.variance.unknown).toMatchObject([{ locationCode: 'A-02', barcode: 'ZZ-UNKNOWN', quantity: 1 }]);

    await b.caller.counting.submit({ sessionId });
    await b.sync();
    await a.sync();
    await a.signInAs('Max');
    await a.caller.counting.approve({ sessionId });
    await a.sync();
    await b.sync();

    // The ledger holds what was physically there, less what left after it was counted.
    const physical = { 'loc_a1|itm_bolt': 195 - 20, 'loc_a1|itm_frame': 2, 'loc_a2|itm_bolt': 12 };
    expect(await serverStock(server.db())).toEqual(Object.entries(physical).map(([k, q]) => `${k}=${q}`).sort());
    for (const station of [a, b]) {
      const levels = await station.caller.stock.levels({ limit: 100, offset: 0 });
      expect(levels.rows.map((l) => `${l.locationId}|${l.itemId}=${l.onHand}`).sort()).toEqual(Object.entries(physical).map(([k, q]) => `${k}=${q}`).sort());
      expect((await station.caller.counting.session({ sessionId })).session.status).toBe('approved');
      expect(await station.caller.sync.status()).toMatchObject({ pendingCount: 0, unseenRejections: 0 });
    }
    // Every scan exactly once, the undone one voided, each with the device that made it.
    const stored = await server.db().selectFrom('count_lines').select(['id', 'voided', 'device_id', 'counted_at']).where('session_id', '=', sessionId).execute();
    expect(stored.map((l) => l.id).sort()).toEqual([...linesA, ...linesB].sort());
    expect(stored.filter((l) => l.voided).map((l) => l.id)).toEqual([linesA.at(-1)]);
    expect(new Set(stored.map((l) => l.device_id)).size).toBe(2);
    // Stamped in server time although A's clock is two hours slow (within the offset's half-second and the round trips).
    for (const l of stored.filter((s) => linesA.includes(s.id))) {
      expect(new Date(l.counted_at).getTime()).toBeGreaterThan(countStart - 1_100);
      expect(new Date(l.counted_at).getTime()).toBeLessThan(countEnd + 1_100);
    }
    const audit = await server.db().selectFrom('count_audit').select(['location_id', 'item_id', 'adjustment', 'approved_by'])
      .where('session_id', '=', sessionId).orderBy('location_id').orderBy('item_id').execute();
    expect(audit.map((x) => [x.location_id, x.item_id, Number(x.adjustment), x.approved_by])).toEqual([
      ['loc_a1', 'itm_bolt', -5.5, 'Max'], ['loc_a1', 'itm_frame', 0, 'Max'], ['loc_a2', 'itm_bolt', 2, 'Max'],
    ]);

    // The reports, from the replica of either station.
    const exported = async (report: 'sheet' | 'variance', format: 'csv' | 'xlsx' | 'pdf') =>
      Buffer.from((await a.caller.counting.export({ sessionId, report, format })).base64, 'base64');
    const csv = parseCsv((await exported('variance', 'csv')).toString('utf8').slice(1));
    expect(csv.map((r) => r.slice(0, 2))).toEqual([['Location', 'SKU'], ['A-01', 'BOLT-M8'], ['A-02', 'BOLT-M8'], ['A-01', 'FRAME-1'], ['A-02', 'ZZ-UNKNOWN'], ['Total', '']]);
    expect(csv.at(-1)?.[11]).toBe('-0.42');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await exported('variance', 'xlsx') as unknown as ExcelJS.Buffer);
    expect(book.worksheets[0]!.getRow(6).getCell(12).value).toEqual({ formula: 'SUM(L2:L5)', result: -0.42 });
    const pdf = await exported('variance', 'pdf');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
    const sheet = parseCsv((await exported('sheet', 'csv')).toString('utf8').slice(1));
    expect(sheet.slice(1).map((r) => `${r[0]}/${r[2]}=${r[5]}`)).toEqual(['A-01/BOLT-M8=180.5', 'A-01/FRAME-1=2', 'A-02/BOLT-M8=10']);
  });

  it('a session cancelled while a station counts offline: its scans come back as rejections with the reason, kept', async () => {
    const { a, b } = await world(backend);
    const { sessionId } = await b.caller.counting.create({
      siteId: 'site_a', name: 'Bay check', kind: 'cycle', blind: true, locationIds: ['loc_a2'], itemIds: ['itm_bolt'],
      toleranceQtyPct: 0, toleranceValueMinor: 0, counters: [],
    });
    await b.caller.counting.start({ sessionId });
    await b.sync();
    await a.sync();

    a.network.setMode('offline');
    for (let i = 0; i < 3; i++) await a.caller.counting.scan({ sessionId, locationId: 'loc_a2', raw: BOLT });
    expect((await a.caller.counting.session({ sessionId })).variance.totals.lines).toBe(3);
    // Bad input is refused on the spot, in words, and queues nothing.
    await expect(a.caller.counting.scan({ sessionId, locationId: 'loc_a2', raw: ']C101040063813339' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^Cannot read this barcode: AI \(01\) GTIN is truncated/) });
    await expect(a.caller.counting.scan({ sessionId, locationId: 'loc_a2', raw: BOLT, quantity: -2 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'the quantity cannot be negative' });
    await expect(a.caller.counting.scan({ sessionId, locationId: 'loc_a2', raw: 'FRAME-1' })).rejects.toThrow('Item FRAME-1 is not part of cycle count Bay check.');
    await expect(a.caller.counting.session({ sessionId: 'no-such-session' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await b.caller.counting.cancel({ sessionId, reason: 'wrong bay' });
    await b.sync();
    a.network.setMode('online');
    await a.sync();

    const rejected = await a.engine.rejections();
    expect(rejected).toHaveLength(3);
    for (const r of rejected) {
      expect(r).toMatchObject({ name: 'counting.recordLine', reason: 'Session Bay check was cancelled; this scan was not recorded.', args: { sessionId, barcode: BOLT } });
    }
    const view = await a.caller.counting.session({ sessionId });
    expect(view).toMatchObject({ session: { status: 'cancelled', cancelReason: 'wrong bay' }, pending: false, myLastLine: null });
    expect(view.variance.totals.lines).toBe(0);
    expect(await a.caller.sync.status()).toMatchObject({ pendingCount: 0, unseenRejections: 3 });
  });
});
