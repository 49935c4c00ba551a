import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listOutbox } from '../sync-engine/outbox.repo';
import { setCurrentOperatorId } from '../session/operators.repo';
import { signInTestOperator } from '../test/test-operator';
import { BOLT_EAN, DEVICE_ID, openCountingReplica, startedSession, type CountingReplica } from './test/counting-replica';

let r: CountingReplica;
let sessionId: string;
beforeEach(async () => {
  r = await openCountingReplica({ offsetMs: -7_200_000 });
  sessionId = await startedSession(r);
});
afterEach(() => r.close());

const GS = '\x1d';
const scan = (raw: string, quantity?: number, locationId = 'loc-a1') => r.counting.scan({ sessionId, locationId, raw, quantity });

describe('counting.scan', () => {
  it('records a line at once with its item resolved locally, counted at server time, and queues it', async () => {
    const before = Date.now() - 7_200_000;
    const answer = await scan('500000002');
    expect(answer).toMatchObject({
      item: { id: 'item-0002', sku: 'SKU-0002', name: 'Widget 0002' }, flag: null, gs1: null,
      line: { sessionId, locationId: 'loc-a1', itemId: 'item-0002', barcode: '500000002', quantity: 1, counter: 'Ana', deviceId: DEVICE_ID, round: 1, voided: false },
    });
    // The device clock corrected by the offset measured from sync answers (here: the server is 2 h behind).
    const countedAt = Date.parse(answer.line.countedAt);
    expect(countedAt).toBeGreaterThanOrEqual(before);
    expect(countedAt).toBeLessThanOrEqual(Date.now() - 7_200_000);
    const [queued] = (await listOutbox(r.db)).filter((c) => c.name === 'counting.recordLine');
    expect(queued?.args).toMatchObject({ lineId: answer.line.id, itemId: 'item-0002', barcode: '500000002', quantity: 1, counter: 'Ana' });
  });

  it('reads GS1 element strings and their human-readable form: GTIN to item, lot, expiry, and the count as quantity', async () => {
    const gs1 = await scan(`]C10104006381333931${'10'}LOT-7${GS}17270600${'37'}12`);
    expect(gs1).toMatchObject({ item: { id: 'item-0001' }, flag: null, gs1: { lot: 'LOT-7', expiry: '2027-06-30' }, line: { barcode: '04006381333931', quantity: 12, lot: 'LOT-7', expiry: '2027-06-30' } });
    const human = await scan('(01)04006381333931(10)A1');
    expect(human).toMatchObject({ item: { id: 'item-0001' }, gs1: { lot: 'A1', expiry: null }, line: { quantity: 1 } });
    // A plain EAN-13 finds the same item; a typed quantity wins over the default of one.
    expect(await scan(BOLT_EAN, 4)).toMatchObject({ item: { id: 'item-0001' }, gs1: null, line: { barcode: BOLT_EAN, quantity: 4 } });
  });

  it('keeps an unknown barcode, flagged, and takes a SKU typed where a label is missing (exact case, as the server)', async () => {
    expect(await scan('NO-SUCH-CODE')).toMatchObject({ item: null, flag: 'unknown_barcode', line: { itemId: null, barcode: 'NO-SUCH-CODE' } });
    expect(await scan('SKU-0003')).toMatchObject({ item: { id: 'item-0003' }, flag: null });
    expect(await scan('sku-0003')).toMatchObject({ item: null, flag: 'unknown_barcode' });
    const view = await r.counting.session(sessionId);
    expect(view.variance.unknown.map((u) => [u.barcode, u.quantity, u.locationCode])).toEqual([['NO-SUCH-CODE', 1, 'A-01'], ['sku-0003', 1, 'A-01']]);
  });

  it('refuses malformed GS1, negative and absurd quantities, and locations outside the session, recording nothing', async () => {
    await expect(scan(']C10104006381333932')).rejects.toThrow(/Cannot read this barcode: AI \(01\) GTIN 04006381333932 has a bad check digit/);
    await expect(scan(`]C101040063813339311712${'13'}40`)).rejects.toThrow(/expiry date 121340 is not a valid date/);
    await expect(scan(BOLT_EAN, -1)).rejects.toThrow('the quantity cannot be negative');
    await expect(scan(BOLT_EAN, 5_000_000)).rejects.toThrow('the quantity is over 1,000,000: check it');
    await expect(scan(BOLT_EAN, 1, 'loc-b1')).rejects.toThrow(/not counted in session Aisles/);
    expect((await listOutbox(r.db)).filter((c) => c.name === 'counting.recordLine')).toEqual([]);
  });

  it('asks someone to sign in before the first scan, and records nothing', async () => {
    await setCurrentOperatorId(r.db, null);
    await expect(scan(BOLT_EAN)).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Sign in to record this: no one is signed in at this station.' });
    expect((await listOutbox(r.db)).filter((c) => c.name === 'counting.recordLine')).toEqual([]);
  });

  it('takes scans of a session with assigned counters from them only, whatever the case', async () => {
    const assigned = await startedSession(r, { name: 'Assigned', counters: ['Ben', 'ANA'] });
    await expect(r.counting.scan({ sessionId: assigned, locationId: 'loc-a1', raw: BOLT_EAN })).resolves.toMatchObject({ line: { counter: 'Ana' } });
    await signInTestOperator(r.db, 'Carl');
    await expect(r.counting.scan({ sessionId: assigned, locationId: 'loc-a1', raw: BOLT_EAN })).rejects.toThrow('Carl is not assigned to session Assigned (its counters: Ben, ANA).');
  });

  it('refuses scans into a session that is not being counted', async () => {
    const { sessionId: draft } = await r.counting.create({
      siteId: 'site-a', name: 'Later', kind: 'full', blind: false, locationIds: ['loc-a1'], itemIds: null, toleranceQtyPct: 0, toleranceValueMinor: 0, counters: [],
    });
    await expect(r.counting.scan({ sessionId: draft, locationId: 'loc-a1', raw: BOLT_EAN })).rejects.toThrow('Session Later has not started yet; scans are recorded only while it is being counted.');
    await expect(r.counting.scan({ sessionId: 'nope', locationId: 'loc-a1', raw: BOLT_EAN })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('counting.undoLast', () => {
  it('voids this station’s latest line as recorded (whatever its time), one at a time, and says when there is none', async () => {
    const first = await scan(BOLT_EAN);
    // A sync answer corrects the clock five seconds back: the next scan is stamped before the first.
    r.clock.observe(new Date(Date.now() - 7_205_000).toUTCString(), Date.now(), Date.now());
    const second = await scan('500000002', 3);
    expect(Date.parse(second.line.countedAt)).toBeLessThan(Date.parse(first.line.countedAt));
    expect((await r.counting.undoLast(sessionId)).voided).toMatchObject({ id: second.line.id, voided: true });
    expect((await r.counting.session(sessionId)).myLastLine?.id).toBe(first.line.id);
    expect((await r.counting.undoLast(sessionId)).voided).toMatchObject({ id: first.line.id, voided: true });
    expect(await r.counting.undoLast(sessionId)).toEqual({ voided: null });
    const view = await r.counting.session(sessionId);
    expect(view.myLastLine).toBeNull();
    expect(view.variance.totals.lines).toBe(0);
    expect((await listOutbox(r.db)).map((c) => c.name).filter((n) => n === 'counting.voidLine')).toHaveLength(2);
  });
});

describe('counting.resolveLocation', () => {
  it('finds a location of the session by its code in any case, and says why anything else is not one', async () => {
    expect(await r.counting.resolveLocation(sessionId, ' a-02 ')).toEqual({ location: { id: 'loc-a2', code: 'A-02', name: 'Aisle 2' }, error: null });
    expect(await r.counting.resolveLocation(sessionId, 'B-01')).toEqual({ location: null, error: 'Location B-01 is not counted in session Aisles.' });
    expect((await r.counting.resolveLocation(sessionId, BOLT_EAN)).error).toBe(`${BOLT_EAN} is item SKU-0001, not a location: scan a location label first.`);
    expect((await r.counting.resolveLocation(sessionId, ']C10104006381333931')).error).toMatch(/GS1 barcode: scan a location label first/);
    expect((await r.counting.resolveLocation(sessionId, 'Z-99')).error).toBe('There is no location Z-99 in session Aisles.');
  });
});
