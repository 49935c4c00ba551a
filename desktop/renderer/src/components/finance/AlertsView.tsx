import { documentFilter, filtersKey, type FinanceFilters } from '../../finance/finance-filters';
import { describeDue, DOCUMENT_TYPE_LABELS, formatDayNumber, formatMaybeMoney } from '../../finance/finance-text';
import { formatMoney, formatQuantity } from '../../format';
import { navigate } from '../../hooks/use-hash-route';
import { useLocalQuery } from '../../hooks/use-local-query';
import { useLocalClient } from '../../rpc/local-client-context';
import { ExportBar } from './ExportBar';

const KIND_LABELS: Record<string, string> = {
  overdue_spike: 'Overdue spike', slower_payer: 'Paying slower', dso_jump: 'DSO jump', dio_jump: 'DIO jump',
  excess_stock: 'Excess stock', slow_moving_stock: 'Slow-moving stock', duplicate_bill: 'Possible duplicate bill',
};

const anomalyInput = (f: FinanceFilters) => ({ periodDays: f.periodDays, costing: f.costing, ...(f.endOn ? { asOf: f.endOn } : {}), ...(f.currency ? { currency: f.currency } : {}) });

/** Every alert, most severe first, each saying what moved, by how much and against what; Enter opens its rows. */
export function AlertsView({ filters, revision }: { filters: FinanceFilters; revision: string | null }) {
  const client = useLocalClient();
  const query = useLocalQuery(() => client.finance.anomalies.query(anomalyInput(filters)), `${filtersKey(filters)}|${revision ?? ''}`);
  const alerts = query.data?.anomalies ?? [];
  return (
    <section aria-labelledby="finance-view-heading">
      <h2 id="finance-view-heading">Alerts</h2>
      {query.error && <p className="inline-error" role="alert">{query.error}</p>}
      {query.data && alerts.length === 0 && <p className="empty-title">Nothing unusual on {query.data.asOf}.</p>}
      <ul className="alert-list" aria-label="Alerts">
        {alerts.map((a) => (
          <li key={a.id}>
            <button type="button" className={`alert-item severity-${a.severity}`} onClick={() => navigate('finance', 'alerts', a.id)}>
              <span className={`status-badge severity-badge-${a.severity}`}>{a.severity}</span> <strong>{KIND_LABELS[a.kind] ?? a.kind}</strong>
              {a.subject && <> · {a.subject.name}</>}
              <span className="alert-explanation">{a.explanation}</span>
              <span className="muted">{a.rows.ids.length} {a.rows.kind === 'document' ? 'documents' : a.rows.kind === 'contact' ? 'contacts' : 'items'} behind it →</span>
            </button>
          </li>
        ))}
      </ul>
      <ExportBar title="Alerts" input={{ view: 'anomalies', periodDays: filters.periodDays, costing: filters.costing, ...(filters.endOn ? { endOn: filters.endOn } : {}), ...documentFilter(filters) }} />
    </section>
  );
}

/** The rows behind one alert, each leading on to where it belongs (a contact's documents, a category's items). */
export function AlertView({ anomalyId, filters, revision, baseCurrency }: { anomalyId: string; filters: FinanceFilters; revision: string | null; baseCurrency: string }) {
  const client = useLocalClient();
  const query = useLocalQuery(() => client.finance.anomalyRows.query({ ...anomalyInput(filters), anomalyId }), `${anomalyId}|${filtersKey(filters)}|${revision ?? ''}`);
  const rows = query.data;
  return (
    <section aria-labelledby="finance-view-heading">
      <h2 id="finance-view-heading">{rows ? KIND_LABELS[rows.anomaly.kind] ?? rows.anomaly.kind : 'Alert'}</h2>
      {query.error && <p className="inline-error" role="alert">{query.error}</p>}
      {rows && <p className="alert-explanation">{rows.anomaly.explanation}</p>}
      {rows && rows.documents.length > 0 && (
        <table className="item-table compact" aria-label="Documents behind the alert">
          <thead><tr><th scope="col">Number</th><th scope="col">Contact</th><th scope="col">Type</th><th scope="col">Due</th><th scope="col" className="numeric">Open</th><th scope="col" className="numeric">Open ({baseCurrency})</th><th scope="col">Due state</th></tr></thead>
          <tbody>
            {rows.documents.map((d) => {
              const by = d.type.startsWith('ACCREC') || d.type === 'RECEIVE-PREPAYMENT' ? 'customer' : 'supplier';
              return (
                <tr key={d.id} onClick={() => navigate('finance', 'drill', by, d.contactId)}>
                  <td className="mono">{d.number}</td>
                  <td><a className="row-link" href={`#/finance/drill/${by}/${encodeURIComponent(d.contactId)}`}>{d.contactName}</a></td>
                  <td>{DOCUMENT_TYPE_LABELS[d.type] ?? d.type}</td><td>{d.dueOn}</td>
                  <td className="numeric">{formatMoney(d.openMinor, d.currency)}</td><td className="numeric">{formatMaybeMoney(d.openBaseMinor, baseCurrency)}</td>
                  <td>{describeDue(d.daysPastDue)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {rows && rows.contacts.length > 0 && (
        <table className="item-table compact" aria-label="Contacts behind the alert">
          <thead><tr><th scope="col">Contact</th><th scope="col" className="numeric">Terms</th><th scope="col" className="numeric">Open ({baseCurrency})</th><th scope="col" className="numeric">Open documents</th></tr></thead>
          <tbody>
            {rows.contacts.map((c) => (
              <tr key={c.id}>
                <td>{c.kind ? <a className="row-link" href={`#/finance/drill/${c.kind}/${encodeURIComponent(c.id)}`}>{c.name}</a> : c.name}</td>
                <td className="numeric">{c.paymentTermsDays ?? '—'} days</td><td className="numeric">{formatMoney(c.openBaseMinor, baseCurrency)}</td><td className="numeric">{c.openDocuments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows && rows.items.length > 0 && (
        <table className="item-table compact" aria-label="Items behind the alert">
          <thead><tr><th scope="col">Item</th><th scope="col">Category</th><th scope="col" className="numeric">On hand</th><th scope="col" className="numeric">Stock value</th><th scope="col" className="numeric">COGS</th><th scope="col" className="numeric">Own DIO</th></tr></thead>
          <tbody>
            {rows.items.map((i) => (
              <tr key={i.id}>
                <td>{i.name}</td><td><a className="row-link" href={`#/finance/drill/category/${encodeURIComponent(i.category)}`}>{i.category}</a></td>
                <td className="numeric">{formatQuantity(i.closingQuantity)}</td><td className="numeric">{formatMoney(i.inventoryMinor, baseCurrency)}</td>
                <td className="numeric">{formatMoney(i.cogsMinor, baseCurrency)}</td><td className="numeric">{formatDayNumber(i.days)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
