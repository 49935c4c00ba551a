import { writeCsv } from '@capliquify/shared/reports/csv.writer';
import { writePdf } from '@capliquify/shared/reports/pdf.writer';
import type { ReportTable } from '@capliquify/shared/reports/report-table';
import { writeXlsx } from '@capliquify/shared/reports/xlsx.writer';
import type { Kysely } from 'kysely';
import { listFreezeRows } from '../counting/count-freeze.repo';
import { listSessionExpected } from '../counting/count-rows.repo';
import { isExpectedHidden, requireSession, sessionVariance } from '../counting/count-view.service';
import { findItemSummaries, findLocations } from '../counting/scan-lookup.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { countSheetTable, expectedNow, varianceTable, type SheetRow } from './count-reports';

export type CountReport = 'sheet' | 'variance';
export type ExportFormat = 'csv' | 'xlsx' | 'pdf';

/** A file for the renderer to save; base64 because it crosses tRPC as JSON. */
export interface ExportedFile { fileName: string; mimeType: string; base64: string }

const WRITERS: Record<ExportFormat, { mimeType: string; write(table: ReportTable): Uint8Array | Promise<Uint8Array> }> = {
  csv: { mimeType: 'text/csv; charset=utf-8', write: writeCsv },
  xlsx: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', write: writeXlsx },
  pdf: { mimeType: 'application/pdf', write: writePdf },
};

async function countSheet(db: Kysely<ReplicaDatabase>, sessionId: string, generatedAt: Date): Promise<ReportTable> {
  const session = await requireSession(db, sessionId);
  let rows: SheetRow[];
  if (session.status === 'draft') {
    // Not frozen yet: what starting it now would freeze.
    rows = (await listFreezeRows(db, session.locationIds, session.itemIds)).map((f) => ({ locationId: f.locationId, itemId: f.itemId, expected: f.onHand }));
  } else {
    rows = (await listSessionExpected(db, session.id)).map((e) => ({ locationId: e.locationId, itemId: e.itemId, expected: expectedNow(e) }));
  }
  const items = await findItemSummaries(db, rows.map((r) => r.itemId));
  const locations = await findLocations(db, [...session.locationIds, ...rows.map((r) => r.locationId)]);
  return countSheetTable({ session, rows, items, locations, generatedAt });
}

async function varianceReport(db: Kysely<ReplicaDatabase>, sessionId: string, generatedAt: Date): Promise<ReportTable> {
  const session = await requireSession(db, sessionId);
  const { variance } = await sessionVariance(db, session);
  return varianceTable({ session, variance, expectedHidden: isExpectedHidden(session), generatedAt });
}

/** The count sheet or the variance report of a session, from the replica, as CSV, XLSX or PDF. */
export async function exportCountReport(db: Kysely<ReplicaDatabase>, sessionId: string, report: CountReport, format: ExportFormat, generatedAt = new Date()): Promise<ExportedFile> {
  const table = report === 'sheet' ? await countSheet(db, sessionId, generatedAt) : await varianceReport(db, sessionId, generatedAt);
  const writer = WRITERS[format];
  const bytes = await writer.write(table);
  return { fileName: `${table.fileStem}.${format}`, mimeType: writer.mimeType, base64: Buffer.from(bytes).toString('base64') };
}
