import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { isMoveKey, moveActive, scrollToShow, visibleRange } from '../../finance/virtual-window';
import type { RowWindowState } from '../../hooks/use-row-window';

export interface Column<T> {
  key: string;
  header: string;
  numeric?: boolean;
  render(row: T): ReactNode;
}

interface VirtualTableProps<T> {
  /** The table's accessible name. */
  label: string;
  columns: Column<T>[];
  state: RowWindowState<T>;
  rowKey(row: T, index: number): string;
  /** Enter or a click on a row: drill into it. Without it rows are not actionable. */
  onOpen?(row: T, index: number): void;
  /** Changes when the query does: the active row and the scroll go back to the top. */
  queryKey: string;
  emptyText: string;
  height?: number;
  rowHeight?: number;
  /** Takes the focus when shown, so the keyboard carries on from the drill that opened it. */
  autoFocus?: boolean;
  /** The row to make active once it has arrived (the one a drill came back from). */
  returnTo?: string | null;
}

/**
 * A table that stays fast with tens of thousands of rows: only the rows in view (and a few
 * either side) are in the DOM, spacers stand for the rest, and rows arrive from the core a page at
 * a time. Keyboard: ↑ ↓ Page Up/Down Home End move, Enter opens; the row count is announced.
 */
export function VirtualTable<T>({ label, columns, state, rowKey, onOpen, queryKey, emptyText, height = 440, rowHeight = 40, autoFocus = false, returnTo = null }: VirtualTableProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const table = useRef<HTMLTableElement>(null);
  useEffect(() => { if (autoFocus) table.current?.focus({ preventScroll: true }); }, [autoFocus]);
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState(-1);
  const total = state.total ?? 0;
  // The header row takes one row's height inside the viewport.
  const bodyHeight = height - rowHeight;
  const range = visibleRange(scrollTop, bodyHeight, rowHeight, total);
  const { show } = state;

  useEffect(() => {
    setActive(-1);
    setScrollTop(0);
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [queryKey]);
  const { start, end } = range;
  useEffect(() => show({ start, end }), [show, start, end, queryKey]);

  // Back from a drill: the row it came from is active again (when it is among the rows arrived).
  const returned = useRef(false);
  useEffect(() => {
    if (returned.current || returnTo === null || active >= 0) return;
    for (let index = 0; index < total; index++) {
      const row = state.rowAt(index);
      if (row === undefined) break;
      if (rowKey(row, index) !== returnTo) continue;
      returned.current = true;
      setActive(index);
      if (scroller.current) {
        const top = scrollToShow(index, scroller.current.scrollTop, bodyHeight, rowHeight);
        scroller.current.scrollTop = top;
        setScrollTop(top);
      }
      return;
    }
  });

  const idOf = (index: number) => `vt-${label.replace(/\W+/g, '-')}-${index}`;
  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (isMoveKey(event.key)) {
      event.preventDefault();
      const next = moveActive(active, event.key, total, Math.floor(bodyHeight / rowHeight) - 1);
      setActive(next);
      if (next >= 0 && scroller.current) {
        const top = scrollToShow(next, scroller.current.scrollTop, bodyHeight, rowHeight);
        scroller.current.scrollTop = top;
        setScrollTop(top);
      }
    } else if (event.key === 'Enter' && onOpen) {
      const row = active >= 0 ? state.rowAt(active) : undefined;
      if (row) {
        event.preventDefault();
        event.stopPropagation();
        onOpen(row, active);
      }
    }
  };

  const rows: ReactNode[] = [];
  for (let index = range.start; index < range.end; index++) {
    const row = state.rowAt(index);
    const selected = index === active;
    rows.push(row === undefined ? (
      <tr key={`loading-${index}`} aria-rowindex={index + 2} style={{ height: rowHeight }} className="vt-loading">
        <td colSpan={columns.length}>Loading…</td>
      </tr>
    ) : (
      <tr
        key={rowKey(row, index)} id={idOf(index)} aria-rowindex={index + 2} aria-selected={selected} style={{ height: rowHeight }}
        className={`${selected ? 'selected' : ''}${onOpen ? ' vt-openable' : ''}`}
        onClick={() => { setActive(index); onOpen?.(row, index); }}
      >
        {columns.map((c) => <td key={c.key} className={c.numeric ? 'numeric' : undefined}>{c.render(row)}</td>)}
      </tr>
    ));
  }

  return (
    <div className="vt">
      <div ref={scroller} className="vt-viewport" style={{ maxHeight: height }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <table
          ref={table}
          className="item-table compact vt-table" role="grid" aria-label={label} aria-rowcount={total + 1} tabIndex={0}
          aria-activedescendant={active >= 0 && state.rowAt(active) !== undefined ? idOf(active) : undefined} onKeyDown={onKeyDown}
        >
          <thead>
            <tr aria-rowindex={1}>
              {columns.map((c) => <th key={c.key} scope="col" className={c.numeric ? 'numeric' : undefined}>{c.header}</th>)}
            </tr>
          </thead>
          <tbody>
            {range.start > 0 && <tr aria-hidden="true" className="vt-spacer" style={{ height: range.start * rowHeight }} />}
            {rows}
            {range.end < total && <tr aria-hidden="true" className="vt-spacer" style={{ height: (total - range.end) * rowHeight }} />}
          </tbody>
        </table>
      </div>
      <p className="result-count" aria-live="polite">
        {state.total === null ? 'Reading…' : `${total.toLocaleString()} ${total === 1 ? 'row' : 'rows'}`}
        {onOpen && total > 0 ? ' · ↑ ↓ to move, Enter to open, Escape to go back' : ''}
      </p>
      {state.total === 0 && <p className="empty-title">{emptyText}</p>}
      {state.error && <p className="inline-error" role="alert">The rows could not be read: {state.error}</p>}
    </div>
  );
}
