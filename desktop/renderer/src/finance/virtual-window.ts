// The arithmetic of a table that renders only the rows in view: which rows to draw for a scroll
// position, which pages of rows to ask the core for, and where the keyboard moves the active row.

export interface RowRange {
  /** First row drawn (inclusive) and the row after the last (exclusive). */
  start: number;
  end: number;
}

/** Rows under the viewport, with `overscan` more on each side so a fast scroll never shows a gap. */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 8): RowRange {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const count = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  return { start: Math.max(0, first - overscan), end: Math.min(total, first + count + overscan) };
}

/** The pages (of `pageSize` rows) that hold rows `start` … `end − 1`. */
export function pagesFor(range: RowRange, pageSize: number): number[] {
  if (range.end <= range.start) return [];
  const pages: number[] = [];
  for (let page = Math.floor(range.start / pageSize); page * pageSize < range.end; page++) pages.push(page);
  return pages;
}

export type MoveKey = 'ArrowDown' | 'ArrowUp' | 'PageDown' | 'PageUp' | 'Home' | 'End';

export function isMoveKey(key: string): key is MoveKey {
  return key === 'ArrowDown' || key === 'ArrowUp' || key === 'PageDown' || key === 'PageUp' || key === 'Home' || key === 'End';
}

/** Where the active row goes; −1 (none yet) moves to the first row on the way down, the last on the way up. */
export function moveActive(active: number, key: MoveKey, total: number, pageRows: number): number {
  if (total <= 0) return -1;
  const last = total - 1;
  switch (key) {
    case 'Home': return 0;
    case 'End': return last;
    case 'ArrowDown': return active < 0 ? 0 : Math.min(last, active + 1);
    case 'ArrowUp': return active < 0 ? last : Math.max(0, active - 1);
    case 'PageDown': return Math.min(last, Math.max(0, active) + Math.max(1, pageRows));
    case 'PageUp': return Math.max(0, (active < 0 ? 0 : active) - Math.max(1, pageRows));
  }
}

/** The scroll position that brings row `index` into view, or `scrollTop` when it already is. */
export function scrollToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return scrollTop;
}
