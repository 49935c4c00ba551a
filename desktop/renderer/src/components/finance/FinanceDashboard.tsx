import { documentFilter, filtersKey, periodInput, type FinanceFilters } from '../../finance/finance-filters';
import { formatDay } from '../../finance/finance-text';
import { navigate } from '../../hooks/use-hash-route';
import { useLocalQuery } from '../../hooks/use-local-query';
import { useLocalClient } from '../../rpc/local-client-context';
import { AgingBars } from './AgingBars';
import { CashBandChart } from './CashBandChart';
import { ExportBar } from './ExportBar';
import { KpiTiles, PeriodTable } from './KpiTiles';
import { TrendChart } from './TrendChart';

/** The dashboard: the ratios with their sums, the monthly trend, aging bars, the cash band and the alerts. */
export function FinanceDashboard({ filters, revision }: { filters: FinanceFilters; revision: string | null }) {
  const client = useLocalClient();
  const key = `${filtersKey(filters)}|${revision ?? ''}`;
  const overview = useLocalQuery(() => client.finance.overview.query(periodInput(filters)), key);
  const cashInput = { ...(filters.endOn ? { asOf: filters.endOn } : {}), ...documentFilter(filters) };
  const cash = useLocalQuery(() => client.finance.cashForecast.query(cashInput), key);
  const data = overview.data;
  if (overview.error && !data) return <p className="inline-error" role="alert">The figures could not be worked out: {overview.error}</p>;
  if (!data) return <p className="muted">Working out the figures…</p>;
  const selected = data.periods[0]!;
  const currency = data.baseCurrency;
  const alertCount = data.anomalies.high + data.anomalies.medium + data.anomalies.low;
  const entityName = data.entity ? data.entities.find((e) => e.id === data.entity)?.name : undefined;

  return (
    <>
      <p className="muted period-line">
        {selected.periodDays} days from {formatDay(selected.startOn)} to {formatDay(selected.endOn)}, in {currency}
        {data.currency ? `, ${data.currency} documents only` : ''}
        {entityName ? `, the books of ${entityName} (stock and its cost are the group’s: the ledger is not kept per entity)` : ''}.
      </p>
      {overview.error && <p className="inline-error" role="alert">{overview.error}</p>}
      <KpiTiles summary={selected} currency={currency} onDrill={(by) => navigate('finance', 'drill', by)} />
      {selected.fxGaps.length > 0 && <p className="inline-error">{selected.fxGaps.map((g) => g.message).join(' ')}</p>}
      <ExportBar title="Working-capital ratios" input={{ view: 'summary', ...periodInput(filters) }} />
      <div className="finance-grid">
        <section aria-labelledby="trend-heading" className="finance-panel">
          <h2 id="trend-heading">Monthly trend</h2>
          <TrendChart trend={data.trend} periodDays={data.periodDays} />
          <ExportBar title="Monthly trend" input={{ view: 'trend', ...periodInput(filters) }} />
        </section>
        <section aria-labelledby="aging-heading" className="finance-panel">
          <h2 id="aging-heading">Aging</h2>
          <AgingBars title="Receivables" aging={data.aging.AR} currency={currency} onOpen={() => navigate('finance', 'aging', 'AR')} />
          <AgingBars title="Payables" aging={data.aging.AP} currency={currency} onOpen={() => navigate('finance', 'aging', 'AP')} />
          <PeriodTable periods={data.periods} />
        </section>
        <section aria-labelledby="cash-heading" className="finance-panel">
          <h2 id="cash-heading">Cash, next 13 weeks</h2>
          <p className="muted">Net of what is expected in and out, from a start of zero: enter the bank balance in the cash forecast.</p>
          {cash.data && <CashBandChart weeks={cash.data.weeks} currency={currency} />}
          {cash.error && <p className="inline-error">{cash.error}</p>}
          <button type="button" className="button button-quiet" onClick={() => navigate('finance', 'cash')}>Cash forecast →</button>
        </section>
        <section aria-labelledby="alerts-heading" className="finance-panel">
          <h2 id="alerts-heading">Alerts</h2>
          <p>{alertCount === 0 ? 'Nothing unusual.' : `${data.anomalies.high} high, ${data.anomalies.medium} medium, ${data.anomalies.low} low.`}</p>
          <button type="button" className="button button-quiet" onClick={() => navigate('finance', 'alerts')}>See the alerts →</button>
        </section>
      </div>
    </>
  );
}
