import { useCallback, useEffect, useState } from 'react';
import type { LocalInputs, LocalOutputs } from '../rpc/local-types';
import { errorMessage } from '../rpc/local-types';
import { useLocalClient } from '../rpc/local-client-context';

export type ForecastList = LocalOutputs['forecasts']['list'];
export type ForecastListRow = ForecastList['rows'][number];
export type ForecastOrder = Pick<Required<LocalInputs['forecasts']['list']>, 'sort' | 'direction'>;

const PAGE_SIZE = 100;

export interface ForecastListState {
  /** The last answer for the current query; null until the first arrives. */
  list: ForecastList | null;
  /** The query `list` answers; it lags the one asked while a search is in flight. */
  query: string | null;
  loading: boolean;
  error: string | null;
  loadMore(): void;
}

/** Forecasts matching `q` in `order` from the replica, a page at a time; `revision` re-reads after a sync. */
export function useForecastList(q: string, order: ForecastOrder, revision: string | null): ForecastListState {
  const client = useLocalClient();
  const [list, setList] = useState<ForecastList | null>(null);
  const [query, setQuery] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const { sort, direction } = order;

  const fetchPage = useCallback(
    (offset: number) => client.forecasts.list.query({ q, sort, direction, limit: PAGE_SIZE, offset }),
    [client, q, sort, direction],
  );

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    fetchPage(0).then(
      (page) => {
        if (cancelled) return;
        setList(page);
        setQuery(q);
        setError(null);
        setLoading(false);
      },
      (cause: unknown) => {
        if (cancelled) return;
        setError(errorMessage(cause));
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [fetchPage, q, revision]);

  const loadMore = useCallback(() => {
    if (!list) return;
    setLoading(true);
    fetchPage(list.rows.length).then(
      (page) => {
        setList((current) => (current ? { ...page, rows: [...current.rows, ...page.rows] } : page));
        setLoading(false);
      },
      (cause: unknown) => {
        setError(errorMessage(cause));
        setLoading(false);
      },
    );
  }, [fetchPage, list]);

  return { list, query, loading, error, loadMore };
}
