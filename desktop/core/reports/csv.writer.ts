import { hasTotals, totalsRow, type Cell, type ReportColumn, type ReportTable } from './report-table';

// RFC 4180: CRLF between records, a header record, fields with a comma, quote or line break
// quoted, quotes doubled. Numbers are written plainly (a dot, no grouping) for other programs to
// read; a byte-order mark lets Excel see UTF-8.

const BOM = '\uFEFF';

function field(value: Cell, column: ReportColumn | undefined, moneyDigits: number): string {
  if (value === null) return '';
  const text = typeof value === 'number'
    ? (column?.kind === 'money' ? value.toFixed(moneyDigits) : String(value))
    : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function writeCsv(table: ReportTable): Buffer {
  const record = (cells: readonly Cell[]) => cells.map((c, i) => field(c, table.columns[i], table.moneyDigits)).join(',');
  const records = [record(table.columns.map((c) => c.header)), ...table.rows.map(record)];
  if (hasTotals(table)) records.push(record(totalsRow(table)));
  return Buffer.from(`${BOM}${records.join('\r\n')}\r\n`, 'utf8');
}
