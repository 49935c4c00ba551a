import type { CountExpected, CountLine, CountSession } from './counting.schema';

// The variance of a count session, computed the same way by the desktop's review screen and by the
// server when it approves. Pure and linear in the number of lines (maps, one sort).

export type CountVarianceStatus = 'not_counted' | 'ok' | 'needs_recount' | 'recount_requested' | 'recounted';

/** One location and item: what was expected when it was counted, what was counted, the difference. */
export interface CountVarianceRow {
  locationId: string;
  itemId: string;
  /** The round whose lines count: the latest counted, or a requested recount not yet counted. */
  round: number;
  /** Sum of that round's lines; null when it has none (counts as 0 at approval). */
  counted: number | null;
  /** The latest line of that round. */
  countedAt: string | null;
  frozenQty: number;
  /** Frozen quantity plus the movements posted up to countedAt (all of them when not counted). */
  expectedAtCount: number;
  varianceQty: number;
  unitCostMinor: number;
  valueMinor: number;
  overTolerance: boolean;
  status: CountVarianceStatus;
  /** Who counted that round, on which devices (sorted). */
  counters: string[];
  deviceIds: string[];
  lineCount: number;
}

/** Lines whose barcode matched no item, per location and barcode: listed for review, never posted. */
export interface UnknownBarcodeRow {
  locationId: string;
  barcode: string;
  quantity: number;
  lineCount: number;
  counters: string[];
  deviceIds: string[];
}

export interface CountVarianceResult {
  sessionId: string;
  /** By |valueMinor| descending, then location, then item. */
  rows: CountVarianceRow[];
  /** By location, then barcode. */
  unknown: UnknownBarcodeRow[];
  totals: {
    /** Lines not voided, unknown barcodes included. */
    lines: number;
    rows: number;
    countedRows: number;
    overTolerance: number;
    absValueMinor: number;
    netValueMinor: number;
    unknownLines: number;
  };
}

export interface CountVarianceInput {
  session: Pick<CountSession, 'id' | 'recounts' | 'toleranceQtyPct' | 'toleranceValueMinor'>;
  expected: readonly CountExpected[];
  lines: readonly CountLine[];
  /** Unit cost (minor units) of an item counted where nothing was expected; 0 when unknown. */
  unitCostOf: (itemId: string) => number | undefined;
}

export interface VariancePosting { locationId: string; itemId: string; quantity: number }

/** Ledger quantities are numeric(18, 4): sums are rounded there so float noise never posts. */
const roundQty = (q: number): number => Math.round(q * 1e4) / 1e4 + 0;
/** Half away from zero, so a gain and a loss of the same size have the same value. */
const roundMinor = (v: number): number => Math.sign(v) * Math.round(Math.abs(v)) + 0;
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface RowInput { locationId: string; itemId: string; expected?: CountExpected; lines: CountLine[] }

export function computeCountVariance({ session, expected, lines, unitCostOf }: CountVarianceInput): CountVarianceResult {
  const inputs = new Map<string, RowInput>();
  const rowFor = (locationId: string, itemId: string): RowInput => {
    const key = `${locationId}\u0000${itemId}`;
    let row = inputs.get(key);
    if (!row) inputs.set(key, (row = { locationId, itemId, lines: [] }));
    return row;
  };
  for (const e of expected) if (e.sessionId === session.id) rowFor(e.locationId, e.itemId).expected = e;

  const unknown = new Map<string, UnknownBarcodeRow & { counterSet: Set<string>; deviceSet: Set<string> }>();
  let lineTotal = 0;
  let unknownLines = 0;
  for (const line of lines) {
    if (line.voided || line.sessionId !== session.id) continue;
    lineTotal++;
    if (line.itemId !== null) {
      rowFor(line.locationId, line.itemId).lines.push(line);
      continue;
    }
    unknownLines++;
    const key = `${line.locationId}\u0000${line.barcode}`;
    let u = unknown.get(key);
    if (!u) unknown.set(key, (u = { locationId: line.locationId, barcode: line.barcode, quantity: 0, lineCount: 0, counters: [], deviceIds: [], counterSet: new Set(), deviceSet: new Set() }));
    u.quantity += line.quantity;
    u.lineCount++;
    u.counterSet.add(line.counter);
    u.deviceSet.add(line.deviceId);
  }

  const recountRound = new Map<string, number>();
  for (const r of session.recounts) {
    const key = `${r.locationId}\u0000${r.itemId}`;
    recountRound.set(key, Math.max(recountRound.get(key) ?? 0, r.round));
    rowFor(r.locationId, r.itemId);
  }

  const rows: CountVarianceRow[] = [];
  for (const [key, input] of inputs) rows.push(varianceRow(input, recountRound.get(key) ?? 0, session, unitCostOf));
  rows.sort((a, b) => Math.abs(b.valueMinor) - Math.abs(a.valueMinor) || compare(a.locationId, b.locationId) || compare(a.itemId, b.itemId));

  const unknownRows = [...unknown.values()]
    .map(({ counterSet, deviceSet, ...u }) => ({ ...u, quantity: roundQty(u.quantity), counters: [...counterSet].sort(compare), deviceIds: [...deviceSet].sort(compare) }))
    .sort((a, b) => compare(a.locationId, b.locationId) || compare(a.barcode, b.barcode));

  return {
    sessionId: session.id,
    rows,
    unknown: unknownRows,
    totals: {
      lines: lineTotal,
      rows: rows.length,
      countedRows: rows.filter((r) => r.counted !== null).length,
      overTolerance: rows.filter((r) => r.overTolerance).length,
      absValueMinor: rows.reduce((sum, r) => sum + Math.abs(r.valueMinor), 0),
      netValueMinor: rows.reduce((sum, r) => sum + r.valueMinor, 0),
      unknownLines,
    },
  };
}

function varianceRow(input: RowInput, recountRound: number, session: CountVarianceInput['session'], unitCostOf: CountVarianceInput['unitCostOf']): CountVarianceRow {
  const lineRound = input.lines.reduce((max, l) => Math.max(max, l.round), 0);
  const round = Math.max(lineRound, recountRound, 1);
  const roundLines = input.lines.filter((l) => l.round === round);
  let countedAtMs = -Infinity;
  let countedAt: string | null = null;
  let sum = 0;
  for (const l of roundLines) {
    sum += l.quantity;
    const ms = Date.parse(l.countedAt);
    if (countedAt === null || ms > countedAtMs) [countedAtMs, countedAt] = [ms, l.countedAt];
  }
  const counted = roundLines.length > 0 ? roundQty(sum) : null;

  const frozenQty = input.expected?.frozenQty ?? 0;
  let expectedAtCount = frozenQty;
  for (const m of input.expected?.movements ?? []) {
    if (counted === null || Date.parse(m.at) <= countedAtMs) expectedAtCount += m.quantity;
  }
  expectedAtCount = roundQty(expectedAtCount);
  const varianceQty = roundQty((counted ?? 0) - expectedAtCount);
  const unitCostMinor = input.expected?.unitCostMinor ?? unitCostOf(input.itemId) ?? 0;
  const valueMinor = roundMinor(varianceQty * unitCostMinor);
  const overTolerance = Math.abs(varianceQty) > expectedAtCount * (session.toleranceQtyPct / 100) + 1e-9
    || Math.abs(valueMinor) > session.toleranceValueMinor
    // Nobody counted it although stock was expected: it has to be looked at, whatever the tolerances.
    || (counted === null && expectedAtCount > 0);

  let status: CountVarianceStatus;
  if (recountRound >= round && counted === null) status = 'recount_requested';
  else if (counted === null) status = 'not_counted';
  else if (round >= 2) status = 'recounted';
  else status = overTolerance ? 'needs_recount' : 'ok';

  return {
    locationId: input.locationId,
    itemId: input.itemId,
    round,
    counted,
    countedAt,
    frozenQty,
    expectedAtCount,
    varianceQty,
    unitCostMinor,
    valueMinor,
    overTolerance,
    status,
    counters: [...new Set(roundLines.map((l) => l.counter))].sort(compare),
    deviceIds: [...new Set(roundLines.map((l) => l.deviceId))].sort(compare),
    lineCount: roundLines.length,
  };
}

/** What approval posts: one count adjustment per row that differs, in location and item order. */
export function variancePostings(result: CountVarianceResult): VariancePosting[] {
  return result.rows
    .filter((r) => r.varianceQty !== 0)
    .map((r) => ({ locationId: r.locationId, itemId: r.itemId, quantity: r.varianceQty }))
    .sort((a, b) => compare(a.locationId, b.locationId) || compare(a.itemId, b.itemId));
}

/**
 * The rows that stop approval: over tolerance in the first round (counted or not) without a
 * recount asked for, and recounts asked for but not done.
 */
export function approvalBlockers<Row extends Pick<CountVarianceRow, 'status' | 'overTolerance'>>(result: { rows: readonly Row[] }): Row[] {
  return result.rows.filter((r) => r.status === 'needs_recount' || r.status === 'recount_requested' || (r.status === 'not_counted' && r.overTolerance));
}
