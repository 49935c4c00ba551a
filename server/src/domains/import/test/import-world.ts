import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import type { JobContext } from '../../../jobs/job';
import { importJob } from '../../../jobs/import.job';
import { silentLogger } from '../../../../test/logs';
import { newImportId } from '../import-files';
import type { ImportKind, ImportMode } from '../import-kinds';
import type { ImportSummary } from '../import-summary';
import { createImport, getImport, type BadRow } from '../imports.service';

// Integration-test helpers for imports: files written for real, imports queued as an upload
// queues them, and the import job's perform() run directly.

export async function writeCsv(dir: string, name: string, lines: string[], options: { bom?: boolean; eol?: string } = {}): Promise<string> {
  const file = path.join(dir, name);
  const text = lines.join(options.eol ?? '\n') + (options.eol ?? '\n');
  await writeFile(file, options.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) : text);
  return file;
}

export async function writeXlsx(dir: string, name: string, rows: unknown[][]): Promise<string> {
  const file = path.join(dir, name);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Import');
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(file);
  return file;
}

export interface Queued { importId: string; tenantId: string; file: string }

export async function queueImport(db: Kysely<Database>, file: string, kind: ImportKind, options: { mode?: ImportMode; tenantId?: string } = {}): Promise<Queued> {
  const importId = newImportId();
  const tenantId = options.tenantId ?? 'tnt_demo';
  await createImport(db, { id: importId, tenantId, kind, mode: options.mode ?? 'good_rows', fileName: path.basename(file), actorUserId: null });
  return { importId, tenantId, file };
}

export interface ProgressCall { fraction: number; note?: string }

/** A job context as the runners build one, recording progress. */
export function jobContext(db: Kysely<Database>, progress: ProgressCall[] = [], attempt = 1): JobContext {
  return {
    db, log: silentLogger(), jobId: `test-${Math.random().toString(36).slice(2)}`, attempt, job: importJob.name,
    progress: async (fraction, note) => { progress.push({ fraction, note }); },
  };
}

/** Queues `file` as an import and runs the import job on it; returns its summary and every bad row. */
export async function importThroughJob(
  db: Kysely<Database>, file: string, kind: ImportKind, options: { mode?: ImportMode; tenantId?: string } = {},
): Promise<{ summary: ImportSummary; bad: BadRow[]; queued: Queued }> {
  const queued = await queueImport(db, file, kind, options);
  const summary = await importJob.perform(queued, jobContext(db));
  return { summary, bad: await badRows(db, queued), queued };
}

export async function badRows(db: Kysely<Database>, queued: Pick<Queued, 'importId' | 'tenantId'>): Promise<BadRow[]> {
  return (await getImport(db, queued.tenantId, queued.importId, { offset: 0, limit: 500 })).errors.rows;
}

/** What a bad-rows list reads like. */
export const messages = (rows: BadRow[]) => rows.map((r) => r.message);
