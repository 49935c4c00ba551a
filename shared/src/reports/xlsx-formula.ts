import { TOTAL_ROW, type ReportTable } from './report-table';

// From a table's formula templates to A1 references: the header is row 1, the table's rows follow
// from row 2, and the totals row comes last. A reference to a column or row the table does not
// have is the builder's mistake and throws, rather than writing a formula Excel would show as #REF!.

const REFERENCE = /\{([\w-]+)(?:@([\w-]+))?\}/g;

export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** The sheet row (1-based) of a table row, or of the totals row. */
export function sheetRow(table: ReportTable, row: number | typeof TOTAL_ROW): number {
  return row === TOTAL_ROW ? table.rows.length + 2 : row + 2;
}

/** `formula` with every `{column}` / `{column@row}` replaced by its A1 reference, for the cell in `row`. */
export function resolveFormula(table: ReportTable, formula: string, row: number | typeof TOTAL_ROW): string {
  return formula.replace(REFERENCE, (_, key: string, rowKey: string | undefined) => {
    const column = table.columns.findIndex((c) => c.key === key);
    if (column < 0) throw new Error(`${table.title}: the formula ${formula} names no column "${key}"`);
    let target: number | typeof TOTAL_ROW = row;
    if (rowKey === TOTAL_ROW) target = TOTAL_ROW;
    else if (rowKey !== undefined) {
      const index = table.rowKeys?.[rowKey];
      if (index === undefined || index < 0 || index >= table.rows.length) throw new Error(`${table.title}: the formula ${formula} names no row "${rowKey}"`);
      target = index;
    }
    return `${columnLetter(column)}${sheetRow(table, target)}`;
  });
}
