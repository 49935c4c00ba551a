import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvalBlockers, computeCountVariance, variancePostings } from './count-variance';
import type { CountVarianceInput } from './count-variance';
import type { CountExpected, CountLine, CountRecount } from './counting.schema';

const SESSION = 's1';
type Session = CountVarianceInput['session'];
const session = (over: Partial<Session> = {}): Session => ({ id: SESSION, recounts: [], toleranceQtyPct: 0, toleranceValueMinor: 0, ...over });
const expectedRow = (locationId: string, itemId: string, frozenQty: number, unitCostMinor = 100, movements: CountExpected['movements'] = []): CountExpected =>
  ({ sessionId: SESSION, locationId, itemId, frozenQty, unitCostMinor, movements, posted: null });
let lineNo = 0;
const line = (locationId: string, itemId: string | null, quantity: number, over: Partial<CountLine> = {}): CountLine => ({
  id: `l${++lineNo}`, sessionId: SESSION, locationId, itemId, barcode: itemId ?? 'UNKNOWN', lot: null, expiry: null, quantity,
  counter: 'ann', deviceId: 'dev-a', countedAt: '2026-03-01T10:00:00.000Z', round: 1, voided: false, ...over,
});
const recount = (locationId: string, itemId: string, round = 2, excludedCounters = ['ann']): CountRecount =>
  ({ locationId, itemId, round, excludedCounters, requestedBy: 'boss', requestedAt: '2026-03-01T12:00:00.000Z' });
const noCost = () => undefined;
const variance = (input: Partial<CountVarianceInput>) => computeCountVariance({ session: session(), expected: [], lines: [], unitCostOf: noCost, ...input });

describe('computeCountVariance', () => {
  it('compares the lines counted with the frozen quantity, by quantity and value', () => {
    const result = variance({
      expected: [expectedRow('A', 'bolt', 10, 250)],
      lines: [line('A', 'bolt', 5, { counter: 'bob', deviceId: 'dev-b' }), line('A', 'bolt', 3, { countedAt: '2026-03-01T10:05:00.000Z' })],
    });
    expect(result.rows).toEqual([{
      locationId: 'A', itemId: 'bolt', round: 1, counted: 8, countedAt: '2026-03-01T10:05:00.000Z', frozenQty: 10, expectedAtCount: 10,
      varianceQty: -2, unitCostMinor: 250, valueMinor: -500, overTolerance: true, status: 'needs_recount',
      counters: ['ann', 'bob'], deviceIds: ['dev-a', 'dev-b'], lineCount: 2,
    }]);
    expect(variancePostings(result)).toEqual([{ locationId: 'A', itemId: 'bolt', quantity: -2 }]);
  });

  it('takes into account the movements posted before each row was counted, not after', () => {
    const movements = [{ at: '2026-03-01T09:30:00.000Z', quantity: -3 }, { at: '2026-03-01T10:30:00.000Z', quantity: -4 }];
    const result = variance({
      expected: [expectedRow('A', 'bolt', 10, 100, movements), expectedRow('B', 'nut', 10, 100, movements)],
      lines: [line('A', 'bolt', 7, { countedAt: '2026-03-01T10:00:00.000Z' }), line('B', 'nut', 3, { countedAt: '2026-03-01T10:30:00.000Z' })],
    });
    expect(result.rows.map((r) => [r.locationId, r.expectedAtCount, r.varianceQty, r.status])).toEqual([['A', 7, 0, 'ok'], ['B', 3, 0, 'ok']]);
    expect(variancePostings(result)).toEqual([]);
  });

  it('orders times as instants, not as text (10:00:00Z is before 10:00:00.500Z)', () => {
    const result = variance({
      expected: [expectedRow('A', 'bolt', 10, 100, [{ at: '2026-03-01T10:00:00.500Z', quantity: -1 }])],
      lines: [line('A', 'bolt', 10, { countedAt: '2026-03-01T10:00:00Z' })],
    });
    expect(result.rows[0]).toMatchObject({ expectedAtCount: 10, varianceQty: 0, status: 'ok' });
  });

  it('counts a row nobody counted as 0 against everything expected, and asks for a recount when stock was expected', () => {
    const result = variance({
      session: session({ toleranceQtyPct: 100, toleranceValueMinor: 1_000_000 }),
      expected: [expectedRow('A', 'bolt', 10, 100, [{ at: '2026-03-02T00:00:00.000Z', quantity: -4 }]), expectedRow('B', 'nut', 5, 100, [{ at: '2026-03-01T00:00:00.000Z', quantity: -5 }])],
    });
    const [bolt, nut] = result.rows;
    expect(bolt).toMatchObject({ itemId: 'bolt', counted: null, countedAt: null, expectedAtCount: 6, varianceQty: -6, overTolerance: true, status: 'not_counted', lineCount: 0 });
    expect(nut).toMatchObject({ itemId: 'nut', counted: null, expectedAtCount: 0, varianceQty: 0, overTolerance: false, status: 'not_counted' });
    expect(approvalBlockers(result).map((r) => r.itemId)).toEqual(['bolt']);
    expect(variancePostings(result)).toEqual([{ locationId: 'A', itemId: 'bolt', quantity: -6 }]);
  });

  it('applies the quantity tolerance (a share of expected) and the value tolerance', () => {
    const tolerant = session({ toleranceQtyPct: 10, toleranceValueMinor: 1_500 });
    const statusOf = (counted: number, unitCost = 100) =>
      variance({ session: tolerant, expected: [expectedRow('A', 'bolt', 100, unitCost)], lines: [line('A', 'bolt', counted)] }).rows[0]!;
    expect(statusOf(90)).toMatchObject({ varianceQty: -10, overTolerance: false, status: 'ok' });
    expect(statusOf(110)).toMatchObject({ overTolerance: false, status: 'ok' });
    expect(statusOf(89)).toMatchObject({ varianceQty: -11, overTolerance: true, status: 'needs_recount' });
    expect(statusOf(95, 400)).toMatchObject({ valueMinor: -2_000, overTolerance: true, status: 'needs_recount' });
    expect(statusOf(100, 1_000_000)).toMatchObject({ varianceQty: 0, valueMinor: 0, status: 'ok' });
  });

  it('values stock found where none was expected at the item’s cost, and flags it', () => {
    const result = variance({ lines: [line('C', 'washer', 4)], unitCostOf: (id) => (id === 'washer' ? 30 : undefined) });
    expect(result.rows[0]).toMatchObject({ frozenQty: 0, expectedAtCount: 0, counted: 4, varianceQty: 4, unitCostMinor: 30, valueMinor: 120, status: 'needs_recount' });
    expect(variance({ lines: [line('C', 'washer', 4)] }).rows[0]).toMatchObject({ unitCostMinor: 0, valueMinor: 0 });
  });

  it('follows a recount: requested, then counted by someone else, and only that round counts', () => {
    const expected = [expectedRow('A', 'bolt', 10)];
    const first = [line('A', 'bolt', 6)];
    expect(variance({ expected, lines: first }).rows[0]!.status).toBe('needs_recount');

    const asked = variance({ session: session({ recounts: [recount('A', 'bolt')] }), expected, lines: first });
    expect(asked.rows[0]).toMatchObject({ round: 2, counted: null, status: 'recount_requested', counters: [] });
    expect(approvalBlockers(asked)).toHaveLength(1);

    const second = [...first, line('A', 'bolt', 9, { round: 2, counter: 'carl', deviceId: 'dev-c', countedAt: '2026-03-01T13:00:00.000Z' })];
    const done = variance({ session: session({ recounts: [recount('A', 'bolt')] }), expected, lines: second });
    expect(done.rows[0]).toMatchObject({ round: 2, counted: 9, varianceQty: -1, overTolerance: true, status: 'recounted', counters: ['carl'], deviceIds: ['dev-c'] });
    expect(approvalBlockers(done)).toEqual([]);
    expect(variancePostings(done)).toEqual([{ locationId: 'A', itemId: 'bolt', quantity: -1 }]);

    const third = variance({ session: session({ recounts: [recount('A', 'bolt'), recount('A', 'bolt', 3, ['ann', 'carl'])] }), expected, lines: second });
    expect(third.rows[0]).toMatchObject({ round: 3, counted: null, status: 'recount_requested' });
  });

  it('ignores voided lines: an undone recount line leaves the recount requested', () => {
    const result = variance({
      session: session({ recounts: [recount('A', 'bolt')] }),
      expected: [expectedRow('A', 'bolt', 10)],
      lines: [line('A', 'bolt', 10), line('A', 'bolt', 50, { voided: true }), line('A', 'bolt', 9, { round: 2, voided: true })],
    });
    expect(result.rows[0]).toMatchObject({ round: 2, counted: null, status: 'recount_requested' });
    expect(result.totals.lines).toBe(1);
  });

  it('lists unknown barcodes apart, grouped per location and barcode, and never posts them', () => {
    const result = variance({
      expected: [expectedRow('A', 'bolt', 2)],
      lines: [
        line('A', 'bolt', 2), line('B', null, 1, { barcode: '123' }), line('A', null, 1, { barcode: '999', counter: 'bob' }),
        line('A', null, 2, { barcode: '999' }), line('A', null, 7, { barcode: '999', voided: true }),
      ],
    });
    expect(result.unknown).toEqual([
      { locationId: 'A', barcode: '999', quantity: 3, lineCount: 2, counters: ['ann', 'bob'], deviceIds: ['dev-a'] },
      { locationId: 'B', barcode: '123', quantity: 1, lineCount: 1, counters: ['ann'], deviceIds: ['dev-a'] },
    ]);
    expect(result.rows).toHaveLength(1);
    expect(variancePostings(result)).toEqual([]);
    expect(result.totals).toEqual({ lines: 4, rows: 1, countedRows: 1, overTolerance: 0, absValueMinor: 0, netValueMinor: 0, unknownLines: 3 });
  });

  it('sorts rows by value at stake, then location and item; postings by location and item', () => {
    const result = variance({
      expected: [expectedRow('B', 'x', 5, 100), expectedRow('A', 'y', 5, 100), expectedRow('A', 'x', 5, 100), expectedRow('C', 'z', 5, 1_000)],
      lines: [line('B', 'x', 4), line('A', 'y', 6), line('A', 'x', 4), line('C', 'z', 4), line('D', 'w', 1)],
      unitCostOf: () => 0,
    });
    expect(result.rows.map((r) => `${r.locationId}${r.itemId}:${r.valueMinor}`)).toEqual(['Cz:-1000', 'Ax:-100', 'Ay:100', 'Bx:-100', 'Dw:0']);
    expect(variancePostings(result).map((p) => `${p.locationId}${p.itemId}`)).toEqual(['Ax', 'Ay', 'Bx', 'Cz', 'Dw']);
    expect(result.totals).toMatchObject({ absValueMinor: 1_300, netValueMinor: -1_100, overTolerance: 5 });
  });

  it('keeps decimal quantities exact to the ledger’s four places, and rounds value half away from zero', () => {
    const result = variance({
      expected: [expectedRow('A', 'oil', 0.3, 100), expectedRow('B', 'oil', 1, 1), expectedRow('C', 'oil', 1, 1)],
      lines: [line('A', 'oil', 0.1), line('A', 'oil', 0.2), line('B', 'oil', 1.5), line('C', 'oil', 0.5)],
    });
    const byLocation = new Map(result.rows.map((r) => [r.locationId, r]));
    expect(byLocation.get('A')).toMatchObject({ counted: 0.3, varianceQty: 0, valueMinor: 0 });
    expect(byLocation.get('B')!.valueMinor).toBe(1);
    expect(byLocation.get('C')!.valueMinor).toBe(-1);
  });

  it('leaves out documents of other sessions', () => {
    const other = { ...expectedRow('A', 'bolt', 99), sessionId: 's2' };
    const result = variance({ expected: [other], lines: [line('A', 'nut', 1, { sessionId: 's2' })] });
    expect(result.rows).toEqual([]);
    expect(result.totals.lines).toBe(0);
  });
});

// Properties over small random sessions: a few locations and items, quantities to four decimals, times within a day.
const qty = fc.integer({ min: -50_000, max: 50_000 }).map((n) => n / 1e4);
const positiveQty = fc.integer({ min: 0, max: 500_000 }).map((n) => n / 1e4);
const instant = fc.integer({ min: 0, max: 86_399_000 }).map((ms) => new Date(Date.UTC(2026, 2, 1) + ms).toISOString());
const loc = fc.constantFrom('A', 'B', 'C');
const item = fc.constantFrom('bolt', 'nut', 'washer');
const movement = fc.record({ at: instant, quantity: qty });
const expectedArb = fc.uniqueArray(fc.record({ locationId: loc, itemId: item, frozenQty: positiveQty, unitCostMinor: fc.integer({ min: 0, max: 10_000 }), movements: fc.array(movement, { maxLength: 4 }) }), { selector: (e) => `${e.locationId}|${e.itemId}`, maxLength: 9 })
  .map((rows) => rows.map((r) => ({ ...r, sessionId: SESSION, posted: null })));
const lineArb = fc.record({ locationId: loc, itemId: fc.option(item, { freq: 5 }), quantity: positiveQty, countedAt: instant, round: fc.integer({ min: 1, max: 3 }), voided: fc.boolean(), counter: fc.constantFrom('ann', 'bob'), deviceId: fc.constantFrom('d1', 'd2') })
  .map((l) => line(l.locationId, l.itemId, l.quantity, l));
const sessionArb = fc.record({ toleranceQtyPct: fc.integer({ min: 0, max: 20 }), toleranceValueMinor: fc.integer({ min: 0, max: 5_000 }), recounts: fc.array(fc.record({ locationId: loc, itemId: item, round: fc.integer({ min: 2, max: 3 }) }).map((r) => recount(r.locationId, r.itemId, r.round)), { maxLength: 3 }) })
  .map((s) => session(s));

describe('computeCountVariance properties', () => {
  it('a count equal to the quantity expected when it was counted has no variance, whatever moves after it', () => {
    fc.assert(fc.property(positiveQty, fc.array(movement, { maxLength: 6 }), instant, fc.array(movement, { maxLength: 6 }), fc.integer({ min: 1, max: 4 }), (frozen, moves, countedAt, later, parts) => {
      const countedMs = Date.parse(countedAt);
      const before = moves.filter((m) => Date.parse(m.at) <= countedMs);
      const after = later.map((m) => ({ ...m, at: new Date(countedMs + 1 + (Date.parse(m.at) % 3_600_000)).toISOString() }));
      const onHandAtCount = Math.round((frozen + before.reduce((s, m) => s + m.quantity, 0)) * 1e4) / 1e4;
      fc.pre(onHandAtCount >= 0);
      // The count split into lines as several scans would make it.
      const share = Math.floor((onHandAtCount * 1e4) / parts) / 1e4;
      const lines = Array.from({ length: parts }, (_, i) => line('A', 'bolt', i === 0 ? onHandAtCount - share * (parts - 1) : share, { countedAt }));
      const result = variance({ expected: [expectedRow('A', 'bolt', frozen, 123, [...moves, ...after])], lines });
      expect(result.rows[0]).toMatchObject({ varianceQty: 0, valueMinor: 0, status: 'ok', overTolerance: false });
      expect(variancePostings(result)).toEqual([]);
    }), { numRuns: 500 });
  });

  it('voided lines never count', () => {
    fc.assert(fc.property(sessionArb, expectedArb, fc.array(lineArb, { maxLength: 20 }), fc.array(lineArb, { maxLength: 10 }), (s, expected, lines, extra) => {
      const live = lines.filter((l) => !l.voided);
      const voided = extra.map((l) => ({ ...l, voided: true }));
      expect(variance({ session: s, expected, lines: [...voided, ...lines] })).toEqual(variance({ session: s, expected, lines: live }));
    }), { numRuns: 300 });
  });

  it('only the latest round counts', () => {
    fc.assert(fc.property(sessionArb, expectedArb, fc.array(lineArb, { maxLength: 20 }), fc.array(positiveQty, { minLength: 20, maxLength: 20 }), (s, expected, lines, newQuantities) => {
      const latest = new Map<string, number>();
      for (const l of lines) if (!l.voided && l.itemId) latest.set(`${l.locationId}|${l.itemId}`, Math.max(latest.get(`${l.locationId}|${l.itemId}`) ?? 0, l.round));
      // Change every line of an earlier round: nothing about the result may move.
      const changed = lines.map((l, i) => (l.itemId && l.round < (latest.get(`${l.locationId}|${l.itemId}`) ?? 0) ? { ...l, quantity: newQuantities[i]!, counter: 'zed' } : l));
      expect(variance({ session: s, expected, lines: changed })).toEqual(variance({ session: s, expected, lines }));
    }), { numRuns: 300 });
  });

  it('is deterministic whatever the order of its inputs, and posting the variance makes the books match the count', () => {
    fc.assert(fc.property(sessionArb, expectedArb, fc.array(lineArb, { maxLength: 25 }), fc.infiniteStream(fc.nat()), (s, expected, lines, noise) => {
      const shuffle = <T,>(xs: T[]) => xs.map((x) => [noise.next().value as number, x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
      const result = variance({ session: s, expected, lines });
      expect(variance({ session: s, expected: shuffle(expected), lines: shuffle(lines) })).toEqual(result);
      const posted = new Map(variancePostings(result).map((p) => [`${p.locationId}|${p.itemId}`, p.quantity]));
      for (const row of result.rows) {
        const after = row.expectedAtCount + (posted.get(`${row.locationId}|${row.itemId}`) ?? 0);
        expect(after).toBeCloseTo(row.counted ?? 0, 6);
        if (row.status === 'ok' || row.status === 'recounted') expect(row.counted).not.toBeNull();
        if (row.status === 'needs_recount') expect(row.round === 1 && row.overTolerance).toBe(true);
      }
      for (const blocker of approvalBlockers(result)) expect(['needs_recount', 'recount_requested', 'not_counted']).toContain(blocker.status);
    }), { numRuns: 300 });
  });
});
