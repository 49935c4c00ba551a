// A report as the writers see it: a title, a few lines about it, and one table whose columns say
// what they hold, so CSV, XLSX and PDF format the same figures each in their own way.

export type ColumnKind = 'text' | 'integer' | 'quantity' | 'money' | 'datetime';
export type Cell = string | number | null;

export interface ReportColumn {
  header: string;
  kind: ColumnKind;
  /** Relative width (PDF) and characters (XLSX). */
  width: number;
  /** Summed in the totals row. */
  total?: boolean;
}

export interface ReportTable {
  /** File name without extension. */
  fileStem: string;
  title: string;
  /** "Session: …", "Status: …": shown above the table (PDF) or on a sheet of their own (XLSX). */
  details: string[];
  columns: ReportColumn[];
  /** Money cells in major units (e.g. 12.34); datetime cells as ISO strings. */
  rows: Cell[][];
  /** Label of the totals row (first column); no totals row when no column is totalled. */
  totalsLabel: string;
  /** Decimal digits of the currency of money columns. */
  moneyDigits: number;
}

export function hasTotals(table: ReportTable): boolean {
  return table.columns.some((c) => c.total);
}

/** The totals row's values (what the XLSX SUM formulas also compute), null for columns not totalled. */
export function totalsRow(table: ReportTable): Cell[] {
  return table.columns.map((column, index) => {
    if (index === 0) return table.totalsLabel;
    if (!column.total) return null;
    const sum = table.rows.reduce<number>((acc, row) => acc + (typeof row[index] === 'number' ? row[index] : 0), 0);
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

/** A file-name-safe slug of a session name. */
export function slug(text: string): string {
  const s = text.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/[\s_]+/g, '-').toLowerCase();
  return s.slice(0, 60) || 'session';
}
