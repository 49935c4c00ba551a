import type { z } from 'zod';
import type { CellsRow, RowIssue, ValidRow } from './import-kind';

/** Parses every row of a batch with a kind's schema; each zod issue becomes a reason on its column. */
export function parseRows<T>(schema: z.ZodType<T>, rows: CellsRow[]): { parsed: ValidRow<T>[]; issues: RowIssue[] } {
  const parsed: ValidRow<T>[] = [];
  const issues: RowIssue[] = [];
  for (const { row, cells } of rows) {
    const result = schema.safeParse(cells);
    if (result.success) parsed.push({ row, value: result.data });
    else for (const issue of result.error.issues) issues.push({ row, column: issue.path.length > 0 ? String(issue.path[0]) : null, reason: issue.message });
  }
  return { parsed, issues };
}

/**
 * Remembers the natural key of every row seen in this pass: a second row with the same key (the
 * same SKU twice, the same bin counted twice) is refused, naming the row that came first.
 */
export function createDuplicateCheck<T>(keyOf: (value: T) => string, column: string, describe: (value: T) => string) {
  const seen = new Map<string, number>();
  return (rows: ValidRow<T>[]): { unique: ValidRow<T>[]; issues: RowIssue[] } => {
    const unique: ValidRow<T>[] = [];
    const issues: RowIssue[] = [];
    for (const r of rows) {
      const key = keyOf(r.value);
      const first = seen.get(key);
      if (first !== undefined) issues.push({ row: r.row, column, reason: `${describe(r.value)} is already in row ${first} of this file` });
      else {
        seen.set(key, r.row);
        unique.push(r);
      }
    }
    return { unique, issues };
  };
}

/** A kind's `parse`: its schema on every row, then the check for rows given twice. */
export function rowParser<T>(schema: z.ZodType<T>, duplicates: (rows: ValidRow<T>[]) => { unique: ValidRow<T>[]; issues: RowIssue[] }) {
  return (rows: CellsRow[]): { parsed: ValidRow<T>[]; issues: RowIssue[] } => {
    const { parsed, issues } = parseRows(schema, rows);
    const { unique, issues: repeated } = duplicates(parsed);
    return { parsed: unique, issues: [...issues, ...repeated] };
  };
}

/** The sentence shown for an issue: "row 17, quantity: must be a number, got 'abc'". */
export function describeIssue(issue: { row: number; column: string | null; reason: string }): string {
  const where = issue.row > 0 ? `row ${issue.row}` : 'file';
  return issue.column ? `${where}, ${issue.column}: ${issue.reason}` : `${where}: ${issue.reason}`;
}
