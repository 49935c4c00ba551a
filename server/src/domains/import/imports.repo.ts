import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, ImportErrorsTable, ImportsTable } from '../../db/schema';
import type { Db, RowIssue } from './import-kind';
import type { ImportKind, ImportMode, ImportStatus } from './import-kinds';

export type ImportRecord = Selectable<ImportsTable>;

export interface NewImport { id: string; tenantId: string; kind: ImportKind; mode: ImportMode; fileName: string }

export async function insertImport(db: Db, input: NewImport): Promise<ImportRecord> {
  return db.insertInto('imports').values({
    id: input.id, tenant_id: input.tenantId, kind: input.kind, mode: input.mode, file_name: input.fileName, status: 'queued',
  }).returningAll().executeTakeFirstOrThrow();
}

export async function findImport(db: Db, tenantId: string, importId: string): Promise<ImportRecord | undefined> {
  return db.selectFrom('imports').selectAll().where('tenant_id', '=', tenantId).where('id', '=', importId).executeTakeFirst();
}

/** Newest first. */
export async function listImports(db: Db, tenantId: string, limit: number): Promise<ImportRecord[]> {
  return db.selectFrom('imports').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

/** Starts a run from scratch: a retried job recounts and relists everything, so nothing counts twice. */
export async function resetImport(db: Kysely<Database>, tenantId: string, importId: string, status: ImportStatus): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('import_errors').where('tenant_id', '=', tenantId).where('import_id', '=', importId).execute();
    await trx.updateTable('imports').set({ status, total_rows: 0, good_rows: 0, bad_rows: 0, finished_at: null })
      .where('tenant_id', '=', tenantId).where('id', '=', importId).execute();
  });
}

export async function setImportStatus(db: Db, tenantId: string, importId: string, status: ImportStatus): Promise<ImportRecord> {
  const finished = status === 'done' || status === 'failed';
  return db.updateTable('imports').set({ status, ...(finished ? { finished_at: sql<Date>`now()` } : {}) })
    .where('tenant_id', '=', tenantId).where('id', '=', importId).returningAll().executeTakeFirstOrThrow();
}

export async function addImportCounts(db: Db, tenantId: string, importId: string, counts: { total: number; good: number; bad: number }): Promise<void> {
  await db.updateTable('imports').set((eb) => ({
    total_rows: eb('total_rows', '+', counts.total), good_rows: eb('good_rows', '+', counts.good), bad_rows: eb('bad_rows', '+', counts.bad),
  })).where('tenant_id', '=', tenantId).where('id', '=', importId).execute();
}

/**
 * One reason per row and wording: the same reason on several columns of a row ("is required" for
 * sku and name) becomes one entry naming them all, as the table keys reasons by row and wording.
 */
export function mergeSameReasons(issues: RowIssue[]): RowIssue[] {
  const merged = new Map<string, RowIssue>();
  for (const issue of issues) {
    const key = `${issue.row}\u0000${issue.reason}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, { ...issue });
    else if (issue.column && seen.column !== null && !seen.column.split(', ').includes(issue.column)) seen.column = `${seen.column}, ${issue.column}`;
  }
  return [...merged.values()];
}

/** Records the reasons rows were refused; one row may have several (one per column). */
export async function insertImportErrors(db: Db, tenantId: string, importId: string, issues: RowIssue[]): Promise<void> {
  const entries = mergeSameReasons(issues);
  // 5 parameters a row: 1,000 rows stay far below PostgreSQL's 65,535.
  for (let i = 0; i < entries.length; i += 1_000) {
    await db.insertInto('import_errors')
      .values(entries.slice(i, i + 1_000).map((issue) => ({ tenant_id: tenantId, import_id: importId, row_number: issue.row, column_name: issue.column, reason: issue.reason })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export async function listImportErrors(db: Db, tenantId: string, importId: string, page: { offset: number; limit: number }): Promise<Selectable<ImportErrorsTable>[]> {
  return db.selectFrom('import_errors').selectAll().where('tenant_id', '=', tenantId).where('import_id', '=', importId)
    .orderBy('row_number').orderBy('column_name').orderBy('reason').offset(page.offset).limit(page.limit).execute();
}

export async function countImportErrors(db: Db, tenantId: string, importId: string): Promise<number> {
  const row = await db.selectFrom('import_errors').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId).where('import_id', '=', importId).executeTakeFirstOrThrow();
  return Number(row.n);
}
