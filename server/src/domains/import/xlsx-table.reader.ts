import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { ImportFileError } from './import-file.error';
import type { ReadTableOptions, TableRow } from './table-row';

/**
 * Streams the first worksheet of an XLSX row by row (ExcelJS's streaming reader: shared strings
 * are cached, rows are not). Cells arrive as the text a person sees: numbers as typed, dates as
 * YYYY-MM-DD, formulas as their cached result.
 */
export async function* readXlsxRows(file: string, options: ReadTableOptions = {}): AsyncGenerator<TableRow> {
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  let bytesRead = 0;
  source.on('data', (chunk) => {
    bytesRead += chunk.length;
    options.onBytes?.(bytesRead);
  });
  // Styles are needed to tell a date from a number; hyperlinks and other parts are not.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(source, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  try {
    for await (const sheet of workbook) {
      for await (const row of sheet) {
        const values = Array.isArray(row.values) ? row.values : [];
        // ExcelJS's values are 1-based and sparse: index 0 is always empty.
        yield { row: row.number, cells: Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellText(values[i + 1])) };
      }
      return;
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(`The XLSX file cannot be read: ${(error as Error).message}`);
  } finally {
    source.destroy();
  }
}

/** A cell's value as text; exported for the reader's tests. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((part) => part.text).join('');
    if ('result' in v) return cellText(v.result);
    if (typeof v.text === 'string') return v.text;
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

// Excel stores dates without a zone; ExcelJS reads them as that wall-clock time in UTC.
function dateText(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
