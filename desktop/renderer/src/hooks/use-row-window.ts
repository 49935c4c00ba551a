import { useCallback, useEffect, useRef, useState } from 'react';
import { pagesFor, type RowRange } from '../finance/virtual-window';
import { errorMessage } from '../rpc/local-types';

export const PAGE_SIZE = 100;

export interface RowWindowState<T> {
  /** Rows matching the query; null before the first page arrives. */
  total: number | null;
  /** The row at an index, when its page has arrived. */
  rowAt(index: number): T | undefined;
  /** Asks for the pages holding a range of rows (the table calls it as it scrolls). */
  show(range: RowRange): void;
  error: string | null;
}

/**
 * Rows of a long table a page at a time from the core: only the pages the viewport needs are
 * asked for, and each once. A new `key` (filters, search, sort, a sync) starts over; a null key
 * (the table is not shown) asks for nothing.
 */
export function useRowWindow<T>(fetchPage: (offset: number, limit: number) => Promise<{ total: number; rows: T[] }>, key: string | null): RowWindowState<T> {
  const pages = useRef(new Map<number, T[]>());
  // The previous query's rows, shown until the new query's first page replaces them (no flash of empty rows).
  const previous = useRef(new Map<number, T[]>());
  const asked = useRef(new Set<number>());
  const generation = useRef(0);
  const fetcher = useRef(fetchPage);
  fetcher.current = fetchPage;
  const active = useRef(key !== null);
  active.current = key !== null;
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);

  const load = useCallback((page: number) => {
    if (asked.current.has(page) || !active.current) return;
    asked.current.add(page);
    const mine = generation.current;
    fetcher.current(page * PAGE_SIZE, PAGE_SIZE).then(
      (answer) => {
        if (mine !== generation.current) return;
        pages.current.set(page, answer.rows);
        setTotal(answer.total);
        setError(null);
        setTick((n) => n + 1);
      },
      (cause: unknown) => {
        if (mine !== generation.current) return;
        asked.current.delete(page);
        setError(errorMessage(cause));
      },
    );
  }, []);

  useEffect(() => {
    generation.current += 1;
    if (key === null) return;
    previous.current = pages.current.size > 0 ? pages.current : previous.current;
    pages.current = new Map();
    asked.current = new Set([0]);
    const mine = generation.current;
    fetcher.current(0, PAGE_SIZE).then(
      (answer) => {
        if (mine !== generation.current) return;
        pages.current.set(0, answer.rows);
        previous.current = new Map();
        setTotal(answer.total);
        setError(null);
        setTick((n) => n + 1);
      },
      (cause: unknown) => {
        if (mine !== generation.current) return;
        asked.current.delete(0);
        setError(errorMessage(cause));
      },
    );
  }, [key]);

  return {
    total, error,
    rowAt: (index) => {
      const page = Math.floor(index / PAGE_SIZE);
      return (pages.current.get(page) ?? previous.current.get(page))?.[index % PAGE_SIZE];
    },
    show: useCallback((range: RowRange) => { for (const page of pagesFor(range, PAGE_SIZE)) load(page); }, [load]),
  };
}
