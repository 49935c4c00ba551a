import { useCallback, useState } from 'react';
import { periodInput, filtersKey, type FinanceFilters } from '../../finance/finance-filters';
import { formatDayNumber, formatDays, ratioWorking } from '../../finance/finance-text';
import type { DrillBy } from '../../finance/finance-route';
import { formatMoney } from '../../format';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { navigate } from '../../hooks/use-hash-route';
import { useRowWindow } from '../../hooks/use-row-window';
import { useLocalClient } from '../../rpc/local-client-context';
import type { LocalOutputs } from '../../rpc/local-types';
import { ExportBar } from './ExportBar';
import { VirtualTable, type Column } from './VirtualTable';

type Drill = LocalOutputs['finance']['drill'];
type Line = Drill['rows'][number];
type Sort = 'contribution' | 'days' | 'name' | 'amount';

const TITLES: Record<DrillBy, string> = { customer: 'DSO by customer', supplier: 'DPO by supplier', item: 'DIO by item', category: 'DIO by category' };
const NUMERATOR: Record<DrillBy, string> = { customer: 'AR', supplier: 'AP', item: 'Inventory', category: 'Inventory' };
const DENOMINATOR: Record<DrillBy, string> = { customer: 'Revenue', supplier: 'Purchases', item: 'COGS', category: 'COGS' };

/**
 * Who makes up a ratio's days: each row's own days and the days it adds to the company's figure
 * (these add up to it). Enter on a customer or supplier opens its documents, on a category its items.
 */
export function DrillView({ by, category, filters, revision, returnTo = null }: { by: DrillBy; category?: string; filters: FinanceFilters; revision: string | null; returnTo?: string | null }) {
  const client = useLocalClient();
  const [text, setText] = useState('');
  const [sort, setSort] = useState<Sort>('contribution');
  const q = useDebouncedValue(text.trim(), 200);
  const [head, setHead] = useState<Drill | null>(null);
  const queryKey = `${by}|${category ?? ''}|${filtersKey(filters)}|${q}|${sort}`;
  const fetchPage = useCallback(async (offset: number, limit: number) => {
    const answer = await client.finance.drill.query({ ...periodInput(filters), by, ...(category ? { category } : {}), q, sort, offset, limit });
    setHead(answer);
    return answer;
  }, [client, by, category, filters, q, sort]);
  // A sync re-reads the rows but keeps the place in the table.
  const state = useRowWindow<Line>(fetchPage, `${queryKey}|${revision ?? ''}`);
  const currency = head?.baseCurrency ?? 'GBP';
  const title = category ? `DIO of ${category} by item` : TITLES[by];
  const open = by === 'customer' || by === 'supplier' ? (row: Line) => navigate('finance', 'drill', by, row.id)
    : by === 'category' ? (row: Line) => navigate('finance', 'drill', 'category', row.id) : undefined;

  const columns: Column<Line>[] = [
    { key: 'name', header: by === 'customer' ? 'Customer' : by === 'supplier' ? 'Supplier' : by === 'category' ? 'Category' : 'Item', render: (r) => r.name },
    ...(by === 'item' ? [{ key: 'category', header: 'Category', render: (r: Line) => r.category ?? '' }] : []),
    { key: 'num', header: NUMERATOR[by], numeric: true, render: (r) => formatMoney(r.numeratorMinor, currency) },
    { key: 'den', header: DENOMINATOR[by], numeric: true, render: (r) => formatMoney(r.denominatorMinor, currency) },
    { key: 'days', header: 'Own days', numeric: true, render: (r) => formatDayNumber(r.days) },
    { key: 'share', header: 'Adds to company', numeric: true, render: (r) => formatDayNumber(r.contributionDays) },
  ];

  return (
    <section aria-labelledby="finance-view-heading">
      <h2 id="finance-view-heading">{title}</h2>
      {head && (
        <p className="drill-ratio" data-testid="drill-ratio">
          Company {head.ratio.key.toUpperCase()} <strong>{formatDays(head.ratio.value)}</strong>: {ratioWorking(head.ratio, currency)}, {head.startOn} to {head.endOn}.
          {' '}“Adds to company” is each row’s share of those days; they add up to it.
        </p>
      )}
      <div className="toolbar">
        <label>Find <input type="search" className="search-input" value={text} onChange={(e) => setText(e.target.value)} placeholder="Name" /></label>
        <label>Order
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="contribution">Most days added first</option>
            <option value="days">Most own days first</option>
            <option value="amount">Largest {NUMERATOR[by]} first</option>
            <option value="name">By name</option>
          </select>
        </label>
      </div>
      <VirtualTable autoFocus label={title} columns={columns} state={state} rowKey={(r) => r.id} onOpen={open} queryKey={queryKey} returnTo={returnTo} emptyText="Nothing in this period." />
      <ExportBar title={title} input={{ view: 'drill', ...periodInput(filters), by, ...(category ? { category } : {}) }} />
    </section>
  );
}
