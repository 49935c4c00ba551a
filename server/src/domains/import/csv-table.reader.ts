import { createReadStream } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { ImportFileError } from './import-file.error';
import type { ReadTableOptions, TableRow } from './table-row';

/**
 * Streams a UTF-8 CSV (with or without a byte order mark) record by record: memory holds one
 * chunk of the file, never the whole of it. Rows may have fewer or more cells than the header;
 * the importer decides what that means.
 */
export async function* readCsvRows(file: string, delimiter: ',' | ';', options: ReadTableOptions = {}): AsyncGenerator<TableRow> {
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  let bytesRead = 0;
  source.on('data', (chunk) => {
    bytesRead += chunk.length;
    options.onBytes?.(bytesRead);
  });
  const parser = source.pipe(parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: false }));
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, cells: record };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new ImportFileError(`The CSV cannot be read past row ${row}: ${error.message}`, row + 1);
    throw error;
  } finally {
    parser.destroy();
    source.destroy();
  }
}
