import { readCsvRows } from './csv-table.reader';
import { detectDelimiter, detectFormat, readHead, type TableFormat } from './table-format';
import type { ReadTableOptions, TableRow } from './table-row';
import { readXlsxRows } from './xlsx-table.reader';

export interface OpenedTable {
  format: TableFormat;
  rows: AsyncGenerator<TableRow>;
}

/** Opens a CSV or XLSX file for streaming, its format told by its content. */
export async function openTable(file: string, options: ReadTableOptions = {}): Promise<OpenedTable> {
  const head = await readHead(file);
  const format = detectFormat(head);
  return { format, rows: format === 'xlsx' ? readXlsxRows(file, options) : readCsvRows(file, detectDelimiter(head), options) };
}
