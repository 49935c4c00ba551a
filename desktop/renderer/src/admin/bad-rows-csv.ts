/** One bad row as the import result lists it. */
export interface BadRowView { row: number; column: string | null; reason: string }

function cell(value: string): string {
  // Quoted when it holds a delimiter, quote or line break; a leading = + - @ is defused so a
  // spreadsheet opening the export does not run it as a formula.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The bad rows of an import as CSV (row, column, reason), for fixing the file in a spreadsheet. */
export function badRowsCsv(rows: readonly BadRowView[]): string {
  const lines = ['row,column,reason', ...rows.map((r) => [String(r.row), r.column ?? '', r.reason].map(cell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
