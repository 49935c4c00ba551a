import { useCallback, useEffect, useState } from 'react';
import type { ItemSearchRow } from '../../../core/catalog/items.service';
import { useLocalClient } from '../rpc/local-client-context';

const PAGE_SIZE = 50;

export interface ItemSearchState {
  /** The query the rows answer; it lags `q` while a search is in flight. */
  query: string | null;
  rows: ItemSearchRow[];
  total: number;
  loading: boolean;
  error: string | null;
  loadMore(): void;
}

/**
 * Items matching `q` from the local replica, a page at a time. `revision` re-runs the search (the
 * replica changed after a sync) without losing the query.
 */
export function useItemSearch(q: string, revision: string | null): ItemSearchState {
  const client = useLocalClient();
  const [query, setQuery] = useState<string | null>(null);
  const [rows, setRows] = useState<ItemSearchRow[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const fetchPage = useCallback(
    (offset: number) => client.items.search.query({ q, limit: PAGE_SIZE, offset }),
    [client, q],
  );

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    fetchPage(0).then(
      (page) => {
        if (cancelled) return;
        setRows(page.rows);
        setTotal(page.total);
        setQuery(q);
        setError(null);
        setLoading(false);
      },
      (cause: unknown) => {
        if (cancelled) return;
        setError(cause instanceof Error ? cause.message : String(cause));
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [fetchPage, q, revision]);

  const loadMore = useCallback(() => {
    setLoading(true);
    fetchPage(rows.length).then(
      (page) => {
        setRows((current) => [...current, ...page.rows]);
        setTotal(page.total);
        setLoading(false);
      },
      (cause: unknown) => {
        setError(cause instanceof Error ? cause.message : String(cause));
        setLoading(false);
      },
    );
  }, [fetchPage, rows.length]);

  return { query, rows, total, loading, error, loadMore };
}
