import type { CountExpected, CountSession } from '@capliquify/shared';
import type { SessionVariance } from '../counting/count-view.service';
import type { ItemSummary, LocationSummary } from '../counting/scan-lookup.repo';
import { currencyDigits, minorToMajor, roundTo, slug, type Cell, type ReportColumn, type ReportTable } from '@capliquify/shared/reports/report-table';

// The two counting reports as tables: the count sheet (what to count where, for paper or a
// second check) and the variance report (what was counted against what was expected, with value).

const STATUS_LABELS: Record<string, string> = {
  not_counted: 'not counted', ok: 'ok', needs_recount: 'needs recount', recount_requested: 'recount requested', recounted: 'recounted',
  counted: 'counted', unknown_barcode: 'unknown barcode',
};

function sessionDetails(session: CountSession, generatedAt: Date): string[] {
  const lines = [
    `Session: ${session.name} (${session.kind} count${session.blind ? ', blind' : ''}) - status ${session.status}`,
    `Site: ${session.siteId} - ${session.locationIds.length} location(s) - tolerance ${session.toleranceQtyPct}% or ${session.toleranceValueMinor} ${session.currency} minor units`,
    `Created ${session.createdAt} by ${session.createdBy}${session.startedAt ? ` - started ${session.startedAt}` : ''}${session.submittedAt ? ` - submitted ${session.submittedAt}` : ''}`,
  ];
  if (session.approvedAt) lines.push(`Approved ${session.approvedAt} by ${session.approvedBy ?? 'unknown'}`);
  if (session.cancelledAt) lines.push(`Cancelled ${session.cancelledAt}: ${session.cancelReason ?? ''}`);
  lines.push(`Generated ${generatedAt.toISOString()}`);
  return lines;
}

const stamp = (at: Date) => at.toISOString().slice(0, 10);

export interface SheetRow { locationId: string; itemId: string; expected: number | null }

export interface CountSheetInput {
  session: CountSession;
  /** What is to be counted: the frozen rows once started (with movements since), the prediction of a draft. */
  rows: SheetRow[];
  items: ReadonlyMap<string, ItemSummary>;
  locations: readonly LocationSummary[];
  generatedAt: Date;
}

/** Expected now: the frozen quantity plus every movement noted since. */
export function expectedNow(e: CountExpected): number {
  return roundTo(e.movements.reduce((sum, m) => sum + m.quantity, e.frozenQty), 4);
}

export function countSheetTable({ session, rows, items, locations, generatedAt }: CountSheetInput): ReportTable {
  // Blind counts never print what is expected: the sheet is what counters carry.
  const showExpected = !session.blind;
  const byId = new Map(locations.map((l) => [l.id, l]));
  const recounts = new Map(session.recounts.map((r) => [`${r.locationId}|${r.itemId}`, r]));
  const columns: ReportColumn[] = [
    { header: 'Location', kind: 'text', width: 12 }, { header: 'Location name', kind: 'text', width: 18 },
    { header: 'SKU', kind: 'text', width: 16 }, { header: 'Item', kind: 'text', width: 34 }, { header: 'Unit', kind: 'text', width: 6 },
    ...(showExpected ? [{ header: 'Expected', kind: 'quantity', width: 11 } satisfies ReportColumn] : []),
    { header: 'Counted', kind: 'quantity', width: 11 }, { header: 'Note', kind: 'text', width: 30 },
  ];
  const sorted = rows.map((r) => ({ ...r, location: byId.get(r.locationId), item: items.get(r.itemId) }))
    .sort((a, b) => (a.location?.code ?? a.locationId).localeCompare(b.location?.code ?? b.locationId) || (a.item?.sku ?? a.itemId).localeCompare(b.item?.sku ?? b.itemId));
  return {
    fileStem: `count-sheet-${slug(session.name)}-${stamp(generatedAt)}`,
    title: `Count sheet - ${session.name}`,
    details: sessionDetails(session, generatedAt),
    columns,
    rows: sorted.map((r): Cell[] => {
      const recount = recounts.get(`${r.locationId}|${r.itemId}`);
      return [
        r.location?.code ?? r.locationId, r.location?.name ?? '', r.item?.sku ?? r.itemId, r.item?.name ?? '', r.item?.unit ?? '',
        ...(showExpected ? [r.expected] : []), null,
        recount ? `recount (round ${recount.round})${recount.excludedCounters.length > 0 ? `, not by ${recount.excludedCounters.join(', ')}` : ''}` : '',
      ];
    }),
    totalsLabel: 'Total',
    moneyDigits: currencyDigits(session.currency),
  };
}

export interface VarianceReportInput { session: CountSession; variance: SessionVariance; expectedHidden: boolean; generatedAt: Date }

/**
 * One row per location and item (largest value first, as reviewed), then the unknown barcodes;
 * totals of lines, variance and value. While a blind session is counted the expected side is left out.
 */
export function varianceTable({ session, variance, expectedHidden, generatedAt }: VarianceReportInput): ReportTable {
  const digits = currencyDigits(session.currency);
  const show = !expectedHidden;
  const columns: ReportColumn[] = [
    { header: 'Location', kind: 'text', width: 10 }, { header: 'SKU', kind: 'text', width: 14 }, { header: 'Item', kind: 'text', width: 26 },
    { header: 'Unit', kind: 'text', width: 5 }, { header: 'Status', kind: 'text', width: 13 }, { header: 'Round', kind: 'integer', width: 6 },
    { header: 'Lines', kind: 'integer', width: 6, total: true },
    ...(show ? [{ header: 'Expected at count', kind: 'quantity', width: 11 } satisfies ReportColumn] : []),
    { header: 'Counted', kind: 'quantity', width: 10 },
    ...(show ? [
      { header: 'Variance', kind: 'quantity', width: 10, total: true },
      { header: `Unit cost (${session.currency})`, kind: 'money', width: 11 },
      { header: `Value (${session.currency})`, kind: 'money', width: 12, total: true },
    ] satisfies ReportColumn[] : []),
    { header: 'Counted at', kind: 'datetime', width: 20 }, { header: 'Counters', kind: 'text', width: 16 }, { header: 'Devices', kind: 'text', width: 16 },
  ];
  const rows: Cell[][] = variance.rows.map((r) => {
    const status = show || r.status === 'not_counted' || r.status === 'recount_requested' || r.status === 'recounted' ? r.status : 'counted';
    return [
      r.locationCode ?? r.locationId, r.sku ?? r.itemId, r.itemName ?? '', r.unit ?? '', STATUS_LABELS[status] ?? status, r.round, r.lineCount,
      ...(show ? [r.expectedAtCount] : []), r.counted,
      ...(show ? [r.varianceQty, minorToMajor(r.unitCostMinor, digits), minorToMajor(r.valueMinor, digits)] : []),
      r.countedAt, r.counters.join(', '), r.deviceIds.join(', '),
    ];
  });
  for (const u of variance.unknown) {
    rows.push([
      u.locationCode ?? u.locationId, u.barcode, 'Unknown barcode (never posted)', '', STATUS_LABELS.unknown_barcode!, null, u.lineCount,
      ...(show ? [null] : []), u.quantity, ...(show ? [null, null, null] : []), null, u.counters.join(', '), u.deviceIds.join(', '),
    ]);
  }
  return {
    fileStem: `variance-${slug(session.name)}-${stamp(generatedAt)}`,
    title: `Variance report - ${session.name}`,
    details: [
      ...sessionDetails(session, generatedAt),
      `${variance.totals.lines} line(s), ${variance.totals.countedRows} of ${variance.totals.rows} row(s) counted`
        + (show ? `, ${variance.totals.overTolerance} over tolerance` : ' (blind count: expected quantities hidden until submitted)')
        + (variance.totals.unknownLines > 0 ? `, ${variance.totals.unknownLines} line(s) with unknown barcodes` : ''),
    ],
    columns,
    rows,
    totalsLabel: 'Total',
    moneyDigits: digits,
  };
}
