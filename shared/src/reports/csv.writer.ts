import { cellValue, hasTotals, roundTo, totalsRow, type Cell, type ReportColumn, type ReportTable } from './report-table';

// RFC 4180: CRLF between records, a header record, fields with a comma, quote or line break
// quoted, quotes doubled. Numbers are written plainly (a dot, no grouping) for other programs to
// read; formulas as their values; a byte-order mark lets Excel see UTF-8. One table per file.

// Every runtime has it (browsers, Node); shared compiles without the DOM or Node typings.
declare const TextEncoder: { new (): { encode(text: string): Uint8Array } };

const BOM = '\uFEFF';

function field(cell: Cell | undefined, column: ReportColumn | undefined, moneyDigits: number): string {
  const value = cellValue(cell);
  if (value === null) return '';
  let text: string;
  if (typeof value === 'number') {
    // Ratios and days are unrounded in the engine: six decimals are more than any reader needs.
    const kind = column?.kind;
    text = kind === 'money' ? value.toFixed(moneyDigits) : String(kind === 'days' || kind === 'percent' || kind === 'number' ? roundTo(value, 6) : value);
  } else text = value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvText(table: ReportTable): string {
  const record = (cells: readonly Cell[]) => table.columns.map((column, i) => field(cells[i], column, table.moneyDigits)).join(',');
  const records = [record(table.columns.map((c) => c.header)), ...table.rows.map(record)];
  if (hasTotals(table)) records.push(record(totalsRow(table)));
  return `${BOM}${records.join('\r\n')}\r\n`;
}

export function writeCsv(table: ReportTable): Uint8Array {
  return new TextEncoder().encode(csvText(table));
}
