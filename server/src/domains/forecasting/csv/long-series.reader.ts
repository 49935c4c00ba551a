import { readCsvRows } from '../../import/csv-table.reader';

/** A series read from a long CSV: its values in time order and the `ds` of its last row. */
export interface LongSeries {
  id: string;
  y: number[];
  lastDs: string;
}

/** Malformed input: names the row (the header is row 1) and what is wrong with it. */
export class ForecastInputError extends Error {
  constructor(message: string, readonly row: number | null) {
    super(row === null ? message : `row ${row}: ${message}`);
    this.name = 'ForecastInputError';
  }
}

const HEADER = ['series_id', 'ds', 'y'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
const INTEGER = /^-?\d+$/;

/** A `ds` as a sortable number: an integer index, or an ISO date's time. */
function timeOf(ds: string, row: number): number {
  if (INTEGER.test(ds)) return Number(ds);
  if (ISO_DATE.test(ds)) {
    const time = Date.parse(ds);
    if (Number.isFinite(time)) return time;
  }
  throw new ForecastInputError(`ds "${ds}" is neither an integer index nor an ISO date`, row);
}

/**
 * Reads `series_id,ds,y` rows (rows of one series in time order; series may interleave) and checks
 * every row: a missing cell, a `y` that is not a number, a `ds` going back in time, or a series
 * shorter than `minLength` stops the read with the row named.
 */
export async function readLongSeries(file: string, minLength: number): Promise<LongSeries[]> {
  const series = new Map<string, LongSeries & { lastTime: number; firstRow: number }>();
  let sawHeader = false;
  for await (const { row, cells } of readCsvRows(file, ',')) {
    if (!sawHeader) {
      const header = cells.map((c) => c.trim().toLowerCase());
      if (header.length !== 3 || header.some((c, i) => c !== HEADER[i])) {
        throw new ForecastInputError(`the header must be "series_id,ds,y", found "${cells.join(',')}"`, row);
      }
      sawHeader = true;
      continue;
    }
    if (cells.length === 1 && cells[0]!.trim() === '') continue;
    if (cells.length !== 3) throw new ForecastInputError(`expected 3 cells (series_id,ds,y), found ${cells.length}`, row);
    const [id, ds, raw] = cells.map((c) => c.trim()) as [string, string, string];
    if (id === '') throw new ForecastInputError('series_id is empty', row);
    if (ds === '') throw new ForecastInputError(`ds is empty (series ${id})`, row);
    if (raw === '') throw new ForecastInputError(`y is missing (series ${id}, ds ${ds})`, row);
    const y = Number(raw);
    if (!Number.isFinite(y)) throw new ForecastInputError(`y "${raw}" is not a number (series ${id}, ds ${ds})`, row);
    const time = timeOf(ds, row);
    const existing = series.get(id);
    if (!existing) {
      series.set(id, { id, y: [y], lastDs: ds, lastTime: time, firstRow: row });
      continue;
    }
    if (time <= existing.lastTime) throw new ForecastInputError(`ds ${ds} is not after ${existing.lastDs}: rows of series ${id} must be in time order`, row);
    existing.y.push(y);
    existing.lastDs = ds;
    existing.lastTime = time;
  }
  if (!sawHeader) throw new ForecastInputError('the file is empty: expected a "series_id,ds,y" header and rows', null);
  if (series.size === 0) throw new ForecastInputError('the file has a header but no rows', null);
  for (const s of series.values()) {
    if (s.y.length < minLength) throw new ForecastInputError(`series ${s.id} has ${s.y.length} value(s); at least ${minLength} are needed`, s.firstRow);
  }
  return [...series.values()].map(({ id, y, lastDs }) => ({ id, y, lastDs }));
}
