import { stat } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { withTenantScope } from '../../db/tenant-scope';
import { notFound } from '../../errors/app.error';
import { readBatches, type ImportBatch } from './import-batches';
import { ImportFileError } from './import-file.error';
import type { Db, ImportKindDefinition, ImportScope, KindRun, RowIssue, ValidRow } from './import-kind';
import { importKinds } from './import-kinds.registry';
import { summarise, type ImportSummary } from './import-summary';
import { addImportCounts, findImport, insertImportErrors, resetImport, setImportStatus } from './imports.repo';
import { finishImport } from './imports.service';

export const DEFAULT_BATCH_SIZE = 1_000;

export interface ImportHooks {
  /** How far the import got (0–1) and a short note; called after every batch. */
  progress?(fraction: number, note: string): Promise<void>;
  /** Rows per batch (and per transaction in good_rows mode). */
  batchSize?: number;
}

interface Run {
  db: Kysely<Database>;
  scope: ImportScope;
  file: string;
  definition: ImportKindDefinition;
  size: number;
  fileBytes: number;
  report(fraction: number, note: string): Promise<void>;
}

/**
 * Imports one uploaded file into the tenant: streams it in batches, validates every row with its
 * kind's rules, records each bad row with its reason, and writes the good ones (good_rows: batch
 * by batch; all_or_nothing: a full validation pass first, then everything in one transaction, or
 * nothing). A run starts from scratch and every write is an upsert by natural key or carries a
 * deterministic movement id, so a retried job imports nothing twice. A done import is left as is.
 */
export async function runImport(db: Kysely<Database>, job: { tenantId: string; importId: string; file: string }, hooks: ImportHooks = {}): Promise<ImportSummary> {
  const record = await findImport(db, job.tenantId, job.importId);
  if (!record) throw notFound(`There is no import ${job.importId}.`);
  // A failed import may run again (a dead letter retried): it fails the same way, or passes if what
  // it refers to has been fixed since. Its upload is removed once it has run, so without the file
  // the first run's verdict stands.
  if (record.status === 'done') return summarise(record);
  const fileBytes = await fileSize(job.file);
  if (fileBytes === null && record.status === 'failed') return summarise(record);
  const run: Run = {
    db, file: job.file, definition: importKinds[record.kind], size: hooks.batchSize ?? DEFAULT_BATCH_SIZE,
    scope: { tenantId: job.tenantId, importId: job.importId, fileName: record.file_name },
    fileBytes: fileBytes ?? 0,
    report: async (fraction, note) => { await hooks.progress?.(Math.min(1, Math.max(0, fraction)), note); },
  };
  await resetImport(db, job.tenantId, job.importId, 'validating');
  try {
    if (fileBytes === null) throw new ImportFileError('The uploaded file is no longer there: upload it again.');
    const status = record.mode === 'good_rows' ? await importGoodRows(run) : await importAllOrNothing(run);
    return summarise(await finishImport(db, job.tenantId, job.importId, status));
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    await insertImportErrors(db, job.tenantId, job.importId, [{ row: error.row ?? 0, column: null, reason: error.message }]);
    return summarise(await finishImport(db, job.tenantId, job.importId, 'failed'));
  }
}

/** The file's size, or null when it is not there. */
async function fileSize(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Rows refused in a batch: a row with several reasons counts once. */
function badRowCount(issues: RowIssue[]): number {
  return new Set(issues.map((i) => i.row)).size;
}

function note(checked: number, bad: number): string {
  return `${checked.toLocaleString('en')} rows checked, ${bad.toLocaleString('en')} bad`;
}

interface ParsedBatch extends ImportBatch {
  parsed: ValidRow<unknown>[];
  issues: RowIssue[];
}

/**
 * The file's batches, each parsed by the pass. The next batch is read and parsed while the caller
 * works on this one (its database round trips leave the process idle), and only that one: memory
 * stays at two batches whatever the file's size.
 */
async function* parsedBatches(run: Run, pass: KindRun): AsyncGenerator<ParsedBatch> {
  const batches = readBatches(run.file, run.definition.columns, run.size);
  const parseNext = async (): Promise<ParsedBatch | null> => {
    const next = await batches.next();
    return next.done ? null : { ...next.value, ...pass.parse(next.value.rows) };
  };
  let pending = parseNext();
  try {
    for (let batch = await pending; batch; batch = await pending) {
      pending = parseNext();
      // Awaited on the next turn; a consumer that stops first must not leave it unhandled.
      pending.catch(() => undefined);
      yield batch;
    }
  } finally {
    await batches.return(undefined);
  }
}

/** Checks a parsed batch against the database; every reason for refusing a row, its parse's included. */
async function resolveBatch(db: Db, pass: KindRun, batch: ParsedBatch): Promise<{ good: ValidRow<unknown>[]; issues: RowIssue[] }> {
  const { good, issues } = await pass.resolve(db, batch.parsed);
  return { good, issues: [...batch.issues, ...issues] };
}

/** Each batch checked and written in its own transaction, with its bad rows and counts. */
async function importGoodRows(run: Run): Promise<'done'> {
  const { db, scope } = run;
  const pass = await run.definition.begin(db, scope);
  await setImportStatus(db, scope.tenantId, scope.importId, 'importing');
  let checked = 0;
  let bad = 0;
  for await (const batch of parsedBatches(run, pass)) {
    const refused = await withTenantScope(db, scope.tenantId, async (trx) => {
      const { good, issues } = await resolveBatch(trx, pass, batch);
      await pass.apply(trx, good);
      await insertImportErrors(trx, scope.tenantId, scope.importId, issues);
      await addImportCounts(trx, scope.tenantId, scope.importId, { total: batch.rows.length, good: good.length, bad: badRowCount(issues) });
      return badRowCount(issues);
    });
    checked += batch.rows.length;
    bad += refused;
    await run.report(batch.bytesRead / run.fileBytes, note(checked, bad));
  }
  return 'done';
}

/** The rows that changed under an all_or_nothing import between its validation and its write. */
class ChangedSinceValidation extends Error {
  constructor(readonly issues: RowIssue[]) {
    super('rows no longer pass');
  }
}

/** Validates the whole file first; writes all of it in one transaction only when every row passed. */
async function importAllOrNothing(run: Run): Promise<'done' | 'failed'> {
  const { db, scope } = run;
  const check = await run.definition.begin(db, scope);
  let checked = 0;
  let bad = 0;
  for await (const batch of parsedBatches(run, check)) {
    const { good, issues } = await resolveBatch(db, check, batch);
    await withTenantScope(db, scope.tenantId, async (trx) => {
      await insertImportErrors(trx, scope.tenantId, scope.importId, issues);
      await addImportCounts(trx, scope.tenantId, scope.importId, { total: batch.rows.length, good: good.length, bad: badRowCount(issues) });
    });
    checked += batch.rows.length;
    bad += badRowCount(issues);
    await run.report((batch.bytesRead / run.fileBytes) / 2, note(checked, bad));
  }
  if (bad > 0) return 'failed';
  await setImportStatus(db, scope.tenantId, scope.importId, 'importing');
  try {
    await withTenantScope(db, scope.tenantId, async (trx) => {
      // A second pass of its own: it must see what the first saw, and refuse whatever changed since.
      const pass = await run.definition.begin(trx, scope);
      let written = 0;
      for await (const batch of parsedBatches(run, pass)) {
        const { good, issues } = await resolveBatch(trx, pass, batch);
        if (issues.length > 0) throw new ChangedSinceValidation(issues);
        await pass.apply(trx, good);
        written += good.length;
        await run.report(0.5 + (batch.bytesRead / run.fileBytes) / 2, `${written.toLocaleString('en')} rows imported`);
      }
    });
  } catch (error) {
    if (!(error instanceof ChangedSinceValidation)) throw error;
    await withTenantScope(db, scope.tenantId, async (trx) => {
      await insertImportErrors(trx, scope.tenantId, scope.importId, error.issues);
      await addImportCounts(trx, scope.tenantId, scope.importId, { total: 0, good: -badRowCount(error.issues), bad: badRowCount(error.issues) });
    });
    return 'failed';
  }
  return 'done';
}
