// A report as the writers see it: a title, a few lines about it, and tables whose columns say what
// they hold, so CSV, XLSX and PDF format the same figures each in their own way. A cell may be a
// formula the spreadsheet computes (a ratio over its numerator and denominator, a closing balance
// over the opening and the week's flows): XLSX writes the formula with its value cached, CSV and
// PDF the value. The desktop and the server both write reports with these, so they agree to the cell.

export type ColumnKind = 'text' | 'integer' | 'quantity' | 'money' | 'datetime' | 'date' | 'days' | 'percent' | 'number';

/**
 * A cell computed from others. `formula` is spreadsheet arithmetic whose references name columns
 * by key: `{ar}` is column `ar` of the same row, `{ar@dso}` column `ar` of the row named `dso`
 * (see `rowKeys`), `{ar@total}` the totals row. `value` is what it computes to (CSV, PDF, and the
 * cached result in XLSX); null when there is nothing to compute (a ratio without a denominator).
 */
export interface FormulaCell { formula: string; value: number | null }
export type Cell = string | number | null | FormulaCell;

export interface ReportColumn {
  header: string;
  kind: ColumnKind;
  /** Relative width (PDF) and characters (XLSX). */
  width: number;
  /** Summed in the totals row. */
  total?: boolean;
  /** Names the column in formulas. */
  key?: string;
}

export interface ReportTable {
  /** File name without extension. */
  fileStem: string;
  title: string;
  /** "Session: …", "Status: …": shown above the table (PDF) or on a sheet of their own (XLSX). */
  details: string[];
  columns: ReportColumn[];
  /** Money cells in major units (e.g. 12.34); datetime cells as ISO strings, date cells as ISO days; percent cells as fractions (0.25). */
  rows: Cell[][];
  /** Label of the totals row (first column); no totals row when no column is totalled and there are no `totalCells`. */
  totalsLabel: string;
  /** Decimal digits of the currency of money columns. */
  moneyDigits: number;
  /** The currency of money columns, shown in their number format; none for the counting reports (it is in the header). */
  currency?: string;
  /** Rows named for other rows' formulas (`{ar@dso}`): name → index in `rows`. `total` names the totals row. */
  rowKeys?: Readonly<Record<string, number>>;
  /** Totals-row cells that are not sums, by column key: the company's ratio over the totals, say. */
  totalCells?: Readonly<Record<string, Cell>>;
  /** The sheet's name in a workbook (default the title). */
  sheetName?: string;
}

/** Several tables in one file: a sheet each in XLSX, one after another in PDF, a file each in CSV. */
export interface Report {
  fileStem: string;
  title: string;
  details: string[];
  tables: ReportTable[];
}

export const TOTAL_ROW = 'total';

export function isFormula(cell: Cell | undefined): cell is FormulaCell {
  return typeof cell === 'object' && cell !== null;
}

/** What a cell shows: a formula's value, or the cell itself. */
export function cellValue(cell: Cell | undefined): string | number | null {
  if (cell === undefined) return null;
  return isFormula(cell) ? cell.value : cell;
}

export function asReport(input: ReportTable | Report): Report {
  return 'tables' in input ? input : { fileStem: input.fileStem, title: input.title, details: [], tables: [input] };
}

export function hasTotals(table: ReportTable): boolean {
  return table.columns.some((c) => c.total) || Object.keys(table.totalCells ?? {}).length > 0;
}

/** The totals row's cells (sums, which the XLSX SUM formulas also compute, and `totalCells`), null elsewhere. */
export function totalsRow(table: ReportTable): Cell[] {
  return table.columns.map((column, index) => {
    if (index === 0) return table.totalsLabel;
    const given = column.key === undefined ? undefined : table.totalCells?.[column.key];
    if (given !== undefined) return given;
    if (!column.total) return null;
    const sum = table.rows.reduce<number>((acc, row) => {
      const value = cellValue(row[index]);
      return acc + (typeof value === 'number' ? value : 0);
    }, 0);
    return roundTo(sum, column.kind === 'money' ? table.moneyDigits : 6);
  });
}

export function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f + 0;
}

/** Decimal digits of a currency's minor unit (2 for EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function minorToMajor(minor: number, digits: number): number {
  return roundTo(minor / 10 ** digits, digits);
}

/** A file-name-safe slug of a name. */
export function slug(text: string, fallback = 'session'): string {
  const s = text.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/[\s_]+/g, '-').toLowerCase();
  return s.slice(0, 60) || fallback;
}
