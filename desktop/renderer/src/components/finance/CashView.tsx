import { cashPlanLines } from '@capliquify/shared/finance/reports/cash-forecast.report';
import { useState } from 'react';
import { documentFilter, filtersKey, type FinanceFilters } from '../../finance/finance-filters';
import { describeDelay, formatDay, formatDayNumber } from '../../finance/finance-text';
import { currencyDigits, parseMoney } from '../../finance/money-input';
import { formatMoney } from '../../format';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { useLocalQuery } from '../../hooks/use-local-query';
import { useLocalClient } from '../../rpc/local-client-context';
import { CashBandChart } from './CashBandChart';
import { ExportBar } from './ExportBar';

const BASIS: Record<string, string> = { customer_history: 'own history', company_history: 'company’s history', terms: 'terms' };

/**
 * The 13-week cash forecast from the cash at hand (typed in): open invoices when each customer
 * usually pays, bills on their terms, the margin of forecast sales and the open purchase orders
 * (each can be left out), week by week with the band; who pays late and how late.
 */
export function CashView({ filters, revision, baseCurrency }: { filters: FinanceFilters; revision: string | null; baseCurrency: string }) {
  const client = useLocalClient();
  const [text, setText] = useState('0');
  const typed = useDebouncedValue(text, 300);
  const parsed = parseMoney(typed, currencyDigits(baseCurrency));
  const opening = parsed.ok ? parsed.minor : 0;
  const [include, setInclude] = useState({ salesOutlook: true, openOrders: true });
  const input = { openingCashMinor: opening, include, ...(filters.endOn ? { asOf: filters.endOn } : {}), ...documentFilter(filters) };
  const query = useLocalQuery(() => client.finance.cashForecast.query(input), JSON.stringify([input, filtersKey(filters), revision]));
  const cash = query.data;
  const currency = cash?.baseCurrency ?? baseCurrency;

  return (
    <section aria-labelledby="finance-view-heading">
      <h2 id="finance-view-heading">Cash forecast, 13 weeks</h2>
      <div className="form-row">
        <label>Cash at the start ({currency})
          <input inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} aria-invalid={!parseMoney(text, currencyDigits(currency)).ok} aria-describedby="opening-cash-help" />
        </label>
      </div>
      <div className="check-row" role="group" aria-label="Planned flows">
        <label><input type="checkbox" checked={include.salesOutlook} onChange={(e) => setInclude({ ...include, salesOutlook: e.target.checked })} /> Forecast sales</label>
        <label><input type="checkbox" checked={include.openOrders} onChange={(e) => setInclude({ ...include, openOrders: e.target.checked })} /> Open purchase orders</label>
      </div>
      <p id="opening-cash-help" className="muted">The bank balance on {cash ? formatDay(cash.asOf) : 'the as-of day'}; the forecast adds what comes in and goes out each week.</p>
      {!parsed.ok && <p className="inline-error" role="alert">{parsed.message}</p>}
      {query.error && <p className="inline-error" role="alert">The cash forecast could not be made: {query.error}</p>}
      {cash && (
        <>
          <CashBandChart weeks={cash.weeks} currency={currency} />
          <table className="item-table compact" aria-label="Cash by week">
            <thead>
              <tr>
                <th scope="col">Week of</th><th scope="col" className="numeric">Opening</th><th scope="col" className="numeric">Receivables</th>
                <th scope="col" className="numeric">Forecast sales</th><th scope="col" className="numeric">Payables</th>
                <th scope="col" className="numeric">Purchases</th><th scope="col" className="numeric">Net</th><th scope="col" className="numeric">Closing</th>
                <th scope="col" className="numeric">Low</th><th scope="col" className="numeric">High</th>
              </tr>
            </thead>
            <tbody>
              {cash.weeks.map((w) => (
                <tr key={w.index}>
                  <td>{formatDay(w.weekStart)}</td><td className="numeric">{formatMoney(w.openingMinor, currency)}</td>
                  <td className="numeric">{formatMoney(w.receivablesMinor, currency)}</td><td className="numeric">{formatMoney(w.forecastSalesMinor, currency)}</td>
                  <td className="numeric">{formatMoney(w.payablesMinor, currency)}</td><td className="numeric">{formatMoney(w.plannedPurchasesMinor, currency)}</td>
                  <td className="numeric">{formatMoney(w.netMinor, currency)}</td><td className="numeric">{formatMoney(w.closingMinor, currency)}</td>
                  <td className="numeric">{formatMoney(w.closingLowMinor, currency)}</td><td className="numeric">{formatMoney(w.closingHighMinor, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="muted" aria-label="Where the planned flows come from">
            {cashPlanLines(cash).map((line) => <li key={line}>{line}.</li>)}
          </ul>
          <p className="muted">
            After the last week: receivables {formatMoney(cash.beyondHorizon.receivable, currency)}, payables {formatMoney(0 - cash.beyondHorizon.payable + 0, currency)},
            forecast sales {formatMoney(cash.beyondHorizon.forecast_sales, currency)}, purchases {formatMoney(0 - cash.beyondHorizon.planned_purchase + 0, currency)}.
            {cash.companyDelay && <> Customers pay {describeDelay(cash.companyDelay.p50)} at the median; the band runs from the earliest tenth ({describeDelay(cash.companyDelay.p10)}) to the latest ({describeDelay(cash.companyDelay.p90)}).</>}
          </p>
          {cash.customerDelays.length > 0 && (
            <details className="chart-table">
              <summary>How late each customer pays ({cash.customerDelays.length})</summary>
              <table className="item-table compact">
                <thead><tr><th scope="col">Customer</th><th scope="col" className="numeric">Median days late</th><th scope="col" className="numeric">10%</th><th scope="col" className="numeric">90%</th><th scope="col">From</th></tr></thead>
                <tbody>
                  {cash.customerDelays.slice(0, 200).map((c) => (
                    <tr key={c.contactId}><td>{c.name}</td><td className="numeric">{formatDayNumber(c.p50)}</td><td className="numeric">{formatDayNumber(c.p10)}</td><td className="numeric">{formatDayNumber(c.p90)}</td><td>{BASIS[c.basis] ?? c.basis}</td></tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
          {cash.fxGaps.length > 0 && <p className="inline-error">{cash.fxGaps.map((g) => g.message).join(' ')}</p>}
        </>
      )}
      <ExportBar title="Cash forecast" input={{ view: 'cash', periodDays: filters.periodDays, costing: filters.costing, openingCashMinor: opening, include, ...(filters.endOn ? { endOn: filters.endOn } : {}), ...documentFilter(filters) }} />
    </section>
  );
}
