import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import type { ImportKind } from './import-kinds';

export type Db = Kysely<Database> | Transaction<Database>;

/** A column a kind reads: its name in our words and other header spellings people use. */
export interface ColumnSpec {
  name: string;
  required: boolean;
  aliases?: string[];
}

/** One data row: its number in the file and its cells by column name ('' when blank or absent). */
export interface CellsRow {
  row: number;
  cells: Record<string, string>;
}

/** What is wrong with a row, in a person's words; `column` is null for the row as a whole. */
export interface RowIssue {
  row: number;
  column: string | null;
  reason: string;
}

export interface ValidRow<T> {
  row: number;
  value: T;
}

export interface ImportScope {
  tenantId: string;
  importId: string;
  fileName: string;
}

/**
 * One pass over a file, batch by batch. `parse` needs no database, so the importer runs it on the
 * next batch while the database writes this one. Stateful: it remembers the keys it saw, to catch
 * a row given twice.
 */
export interface KindRun<P = unknown, T = unknown> {
  /** Checks each row's cells (and repeats within the file); returns the rows that pass, parsed. */
  parse(rows: CellsRow[]): { parsed: ValidRow<P>[]; issues: RowIssue[] };
  /** Checks parsed rows against the database (codes and SKUs that must exist); returns what to write. */
  resolve(db: Db, rows: ValidRow<P>[]): Promise<{ good: ValidRow<T>[]; issues: RowIssue[] }>;
  /** Writes resolved rows inside the caller's tenant-scoped transaction; running it again changes nothing. */
  apply(trx: Transaction<Database>, rows: ValidRow<T>[]): Promise<void>;
}

export interface ImportKindDefinition<P = unknown, T = unknown> {
  kind: ImportKind;
  columns: ColumnSpec[];
  /** Starts a pass over a file, loading what every batch needs (the tenant's sites, its currency). */
  begin(db: Db, scope: ImportScope): Promise<KindRun<P, T>>;
}

/** Keeps a kind's row types between its steps; the importer handles every kind alike. */
export function defineImportKind<P, T>(definition: ImportKindDefinition<P, T>): ImportKindDefinition {
  return definition as unknown as ImportKindDefinition;
}
