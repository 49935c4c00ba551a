import { useCallback, useState } from 'react';
import { documentFilter, filtersKey, type FinanceFilters } from '../../finance/finance-filters';
import { describeDue, DOCUMENT_TYPE_LABELS, formatMaybeMoney } from '../../finance/finance-text';
import type { Ledger } from '../../finance/finance-route';
import { formatMoney } from '../../format';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { navigate } from '../../hooks/use-hash-route';
import { useRowWindow } from '../../hooks/use-row-window';
import { useLocalClient } from '../../rpc/local-client-context';
import type { LocalOutputs } from '../../rpc/local-types';
import { AgingBars } from './AgingBars';
import { ExportBar } from './ExportBar';
import { VirtualTable, type Column } from './VirtualTable';

type Answer = LocalOutputs['finance']['aging'];
type ContactRow = NonNullable<Answer['contacts']>['rows'][number];
type DocRow = NonNullable<Answer['documents']>['rows'][number];
type Basis = 'due' | 'invoice';

const BUCKET_HEADERS = ['Current', '1–30', '31–60', '61–90', 'Over 90'];

/** AR or AP aging: bars, then per contact (Enter opens its documents) or every open document. */
export function AgingView({ ledger, contactId, filters, revision, returnTo = null }: { ledger: Ledger; contactId?: string; filters: FinanceFilters; revision: string | null; returnTo?: string | null }) {
  const client = useLocalClient();
  const [basis, setBasis] = useState<Basis>('due');
  const [documents, setDocuments] = useState(contactId !== undefined);
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 200);
  const [head, setHead] = useState<Answer | null>(null);
  const view = contactId !== undefined || documents ? 'documents' : 'contacts';
  const queryKey = `${ledger}|${basis}|${view}|${contactId ?? ''}|${q}|${filtersKey(filters)}`;

  const fetchView = useCallback(async (which: 'contacts' | 'documents', offset: number, limit: number) => {
    const answer = await client.finance.aging.query({
      ledger, basis, view: which, q, offset, limit, ...(filters.endOn ? { asOf: filters.endOn } : {}), ...documentFilter(filters),
      ...(contactId ? { contactId } : {}),
    });
    setHead(answer);
    return answer;
  }, [client, ledger, basis, q, filters, contactId]);
  const fetchContacts = useCallback(async (offset: number, limit: number) => (await fetchView('contacts', offset, limit)).contacts!, [fetchView]);
  const fetchDocuments = useCallback(async (offset: number, limit: number) => (await fetchView('documents', offset, limit)).documents!, [fetchView]);
  const contacts = useRowWindow<ContactRow>(fetchContacts, view === 'contacts' ? `${queryKey}|${revision ?? ''}` : null);
  const docs = useRowWindow<DocRow>(fetchDocuments, view === 'documents' ? `${queryKey}|${revision ?? ''}` : null);
  const currency = head?.baseCurrency ?? 'GBP';
  const title = `${ledger === 'AR' ? 'Receivables' : 'Payables'} aging${contactId ? `: ${docs.rowAt(0)?.contactName ?? contactId}` : ''}`;

  const contactColumns: Column<ContactRow>[] = [
    { key: 'name', header: ledger === 'AR' ? 'Customer' : 'Supplier', render: (c) => c.name },
    ...BUCKET_HEADERS.map((h, i) => ({ key: `b${i}`, header: h, numeric: true, render: (c: ContactRow) => formatMoney(c.buckets[i] ?? 0, currency) })),
    { key: 'total', header: 'Total', numeric: true, render: (c) => formatMoney(c.totalBaseMinor, currency) },
    { key: 'count', header: 'Documents', numeric: true, render: (c) => c.documentCount },
  ];
  const docColumns: Column<DocRow>[] = [
    { key: 'number', header: 'Number', render: (d) => <span className="mono">{d.number}</span> },
    ...(contactId ? [] : [{ key: 'contact', header: ledger === 'AR' ? 'Customer' : 'Supplier', render: (d: DocRow) => d.contactName }]),
    { key: 'type', header: 'Type', render: (d) => DOCUMENT_TYPE_LABELS[d.type] ?? d.type },
    { key: 'issued', header: 'Issued', render: (d) => d.issuedOn },
    { key: 'due', header: 'Due', render: (d) => d.dueOn },
    { key: 'open', header: 'Open', numeric: true, render: (d) => formatMoney(d.openMinor, d.currency) },
    { key: 'base', header: `Open (${currency})`, numeric: true, render: (d) => formatMaybeMoney(d.openBaseMinor, currency) },
    { key: 'days', header: basis === 'due' ? 'Due state' : 'Age', render: (d) => (basis === 'due' ? describeDue(d.days) : `${d.days} days`) },
  ];

  return (
    <section aria-labelledby="finance-view-heading">
      <h2 id="finance-view-heading">{title}</h2>
      <div className="toolbar">
        <div className="segmented" role="radiogroup" aria-label="Ledger">
          {(['AR', 'AP'] as const).map((l) => (
            <button key={l} type="button" role="radio" aria-checked={l === ledger} className="segment" onClick={() => navigate('finance', 'aging', l)}>{l === 'AR' ? 'Receivables' : 'Payables'}</button>
          ))}
        </div>
        <label>Aged by
          <select value={basis} onChange={(e) => setBasis(e.target.value === 'invoice' ? 'invoice' : 'due')}>
            <option value="due">Days past due date</option>
            <option value="invoice">Days since document date</option>
          </select>
        </label>
        {contactId === undefined && (
          <label>Show
            <select value={view} onChange={(e) => setDocuments(e.target.value === 'documents')}>
              <option value="contacts">Per contact</option>
              <option value="documents">Every open document</option>
            </select>
          </label>
        )}
        <label>Find <input type="search" className="search-input" value={text} onChange={(e) => setText(e.target.value)} placeholder={view === 'contacts' ? 'Name' : 'Number or name'} /></label>
      </div>
      {head && <AgingBars title={ledger === 'AR' ? 'Receivables' : 'Payables'} aging={{ bars: head.bars, totalMinor: head.totalMinor }} currency={currency} />}
      {head && head.fxGaps.length > 0 && <p className="inline-error">{head.fxGaps.map((g) => g.message).join(' ')}</p>}
      {view === 'contacts'
        ? <VirtualTable autoFocus returnTo={returnTo} label={`${title} per contact`} columns={contactColumns} state={contacts} rowKey={(c) => c.contactId} queryKey={queryKey}
            onOpen={(c) => navigate('finance', 'aging', ledger, c.contactId)} emptyText="Nothing open." />
        : <VirtualTable autoFocus={contactId !== undefined} label={`${title}: documents`} columns={docColumns} state={docs} rowKey={(d) => d.documentId} queryKey={queryKey} emptyText="Nothing open." />}
      <ExportBar title={title} input={{ view: 'aging', ledger, basis, periodDays: filters.periodDays, costing: filters.costing, ...(filters.endOn ? { endOn: filters.endOn } : {}), ...documentFilter(filters), ...(contactId ? { contactId } : {}) }} />
    </section>
  );
}
