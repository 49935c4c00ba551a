import { ImportFileError } from './import-file.error';
import type { CellsRow, ColumnSpec } from './import-kind';
import { cellsOf, mapColumns, type ColumnMap } from './table-header';
import { openTable } from './table.reader';

export interface ImportBatch {
  rows: CellsRow[];
  /** How far into the file the reader got, for progress. */
  bytesRead: number;
}

/**
 * The data rows of a CSV or XLSX file in batches of `size`, by column name: the first non-blank
 * row is the header, blank rows are skipped (their numbers are not reused). Only one batch is
 * held at a time, so memory does not grow with the file.
 */
export async function* readBatches(file: string, columns: ColumnSpec[], size: number): AsyncGenerator<ImportBatch> {
  let bytesRead = 0;
  const { rows } = await openTable(file, { onBytes: (n) => { bytesRead = n; } });
  let map: ColumnMap | null = null;
  let batch: CellsRow[] = [];
  for await (const { row, cells } of rows) {
    if (!map) {
      if (cells.some((cell) => cell.trim() !== '')) map = mapColumns(columns, cells);
      continue;
    }
    const record = cellsOf(map, cells);
    if (!record) continue;
    batch.push({ row, cells: record });
    if (batch.length >= size) {
      yield { rows: batch, bytesRead };
      batch = [];
    }
  }
  if (!map) throw new ImportFileError('The file has no header row: the first row must name the columns.');
  if (batch.length > 0) yield { rows: batch, bytesRead };
}
