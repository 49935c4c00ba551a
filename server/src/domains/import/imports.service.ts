import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { appendAudit } from '../../audit/audit.service';
import { notFound } from '../../errors/app.error';
import type { ImportKind, ImportMode, ImportStatus } from './import-kinds';
import { summarise, type ImportSummary } from './import-summary';
import {
  countImportErrors, findImport, insertImport, insertImportErrors, listImportErrors, listImports, setImportStatus, type ImportRecord,
} from './imports.repo';
import { describeIssue } from './row-checks';

export interface ImportDetails extends ImportSummary {
  fileName: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface BadRow {
  row: number;
  column: string | null;
  reason: string;
  /** The sentence to show: "row 17, quantity: must be a number, got 'abc'". */
  message: string;
}

function details(record: ImportRecord): ImportDetails {
  return { ...summarise(record), fileName: record.file_name, createdAt: record.created_at.toISOString(), finishedAt: record.finished_at?.toISOString() ?? null };
}

/** Records a queued import (and who asked for it, in the audit log); the file is already on disk. */
export async function createImport(
  db: Kysely<Database>, input: { id: string; tenantId: string; kind: ImportKind; mode: ImportMode; fileName: string; actorUserId: string | null },
): Promise<ImportDetails> {
  return db.transaction().execute(async (trx) => {
    const record = await insertImport(trx, input);
    await appendAudit(trx, { tenantId: input.tenantId, actorUserId: input.actorUserId, action: 'import.queued', subject: `import:${input.id}`, details: { kind: input.kind, mode: input.mode } });
    return details(record);
  });
}

/** Ends an import as done or failed, with its counts in the audit log. */
export async function finishImport(db: Kysely<Database>, tenantId: string, importId: string, status: Extract<ImportStatus, 'done' | 'failed'>): Promise<ImportRecord> {
  return db.transaction().execute(async (trx) => {
    const record = await setImportStatus(trx, tenantId, importId, status);
    await appendAudit(trx, {
      tenantId, action: `import.${status}`, subject: `import:${importId}`,
      details: { kind: record.kind, mode: record.mode, totalRows: record.total_rows, goodRows: record.good_rows, badRows: record.bad_rows },
    });
    return record;
  });
}

/** Fails an import that could not run (the job gave up, the queue refused it), with the reason. */
export async function markImportFailed(db: Kysely<Database>, tenantId: string, importId: string, reason: string): Promise<void> {
  await insertImportErrors(db, tenantId, importId, [{ row: 0, column: null, reason }]);
  await finishImport(db, tenantId, importId, 'failed');
}

/** An import's status and counts with one page of its bad rows, in file order. */
export async function getImport(
  db: Kysely<Database>, tenantId: string, importId: string, page: { offset: number; limit: number },
): Promise<ImportDetails & { errors: { total: number; offset: number; rows: BadRow[] } }> {
  const record = await findImport(db, tenantId, importId);
  if (!record) throw notFound(`There is no import ${importId}.`);
  const rows = await listImportErrors(db, tenantId, importId, page);
  return {
    ...details(record),
    errors: {
      total: await countImportErrors(db, tenantId, importId),
      offset: page.offset,
      rows: rows.map((r) => ({ row: r.row_number, column: r.column_name, reason: r.reason, message: describeIssue({ row: r.row_number, column: r.column_name, reason: r.reason }) })),
    },
  };
}

export async function listRecentImports(db: Kysely<Database>, tenantId: string, limit: number): Promise<ImportDetails[]> {
  return (await listImports(db, tenantId, limit)).map(details);
}
