// The Finance tables hold up to tens of thousands of rows: the screen renders only the rows in
// view and asks the core for that window, filtered and sorted here over the memoised report.

export interface WindowQuery {
  offset: number;
  limit: number;
  /** Part of a name or number, any case; blank for all. */
  q?: string;
}

export interface RowWindow<T> {
  /** Rows matching the query, for the scrollbar. */
  total: number;
  offset: number;
  rows: T[];
}

export type Compare<T> = (a: T, b: T) => number;

/** Text compare that puts "Alpha 2" before "Alpha 10". */
export const byText = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

/** Descending by a number, nulls last, then by the tie-breaker. */
export function descending<T>(value: (row: T) => number | null, tie: Compare<T>): Compare<T> {
  return (a, b) => {
    const x = value(a), y = value(b);
    if (x === null || y === null) return x === y ? tie(a, b) : x === null ? 1 : -1;
    return y - x || tie(a, b);
  };
}

/**
 * The rows matching `q` (through `text`, the searchable words of a row), in `order` when given.
 * Sorting copies: the memoised report keeps its own order. The service memoises this list per
 * query, so scrolling only slices it.
 */
export function matchingRows<T>(rows: readonly T[], q: string | undefined, text: (row: T) => string, order?: Compare<T>): readonly T[] {
  const needle = (q ?? '').trim().toLowerCase();
  const matched = needle === '' ? rows : rows.filter((row) => text(row).toLowerCase().includes(needle));
  return order ? [...matched].sort(order) : matched;
}

/** One window of a list. */
export function sliceWindow<T>(rows: readonly T[], query: Pick<WindowQuery, 'offset' | 'limit'>): RowWindow<T> {
  return { total: rows.length, offset: query.offset, rows: rows.slice(query.offset, query.offset + query.limit) };
}
