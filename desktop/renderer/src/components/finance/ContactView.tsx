import { useCallback, useState } from 'react';
import { periodInput, filtersKey, type FinanceFilters } from '../../finance/finance-filters';
import { describeDue, DOCUMENT_TYPE_LABELS, formatDay, formatDayNumber, formatMaybeMoney } from '../../finance/finance-text';
import { formatMoney } from '../../format';
import { useRowWindow } from '../../hooks/use-row-window';
import { useLocalClient } from '../../rpc/local-client-context';
import type { LocalOutputs } from '../../rpc/local-types';
import { ExportBar } from './ExportBar';
import { VirtualTable, type Column } from './VirtualTable';

type Answer = LocalOutputs['finance']['contact'];
type Doc = Answer['rows'][number];

/** The documents behind a customer's DSO (or a supplier's DPO): open at the end day, or issued in the period. */
export function ContactView({ contactId, filters, revision }: { contactId: string; filters: FinanceFilters; revision: string | null }) {
  const client = useLocalClient();
  const [head, setHead] = useState<Answer | null>(null);
  const queryKey = `${contactId}|${filtersKey(filters)}`;
  const fetchPage = useCallback(async (offset: number, limit: number) => {
    const answer = await client.finance.contact.query({ ...periodInput(filters), contactId, offset, limit });
    setHead(answer);
    return answer;
  }, [client, contactId, filters]);
  const state = useRowWindow<Doc>(fetchPage, `${queryKey}|${revision ?? ''}`);
  const currency = head?.baseCurrency ?? 'GBP';
  const contact = head?.contact;
  const ratioName = contact?.kind === 'supplier' ? 'DPO' : 'DSO';

  const columns: Column<Doc>[] = [
    { key: 'number', header: 'Number', render: (d) => <span className="mono">{d.number}</span> },
    { key: 'type', header: 'Type', render: (d) => DOCUMENT_TYPE_LABELS[d.type] ?? d.type },
    { key: 'issued', header: 'Issued', render: (d) => d.issuedOn },
    { key: 'due', header: 'Due', render: (d) => d.dueOn },
    { key: 'total', header: 'Total', numeric: true, render: (d) => formatMoney(d.totalMinor, d.currency) },
    { key: 'open', header: 'Open', numeric: true, render: (d) => formatMoney(d.openMinor, d.currency) },
    { key: 'base', header: `Open (${currency})`, numeric: true, render: (d) => formatMaybeMoney(d.openBaseMinor, currency) },
    { key: 'state', header: 'Due state', render: (d) => describeDue(d.daysPastDue) },
    { key: 'period', header: 'In period', render: (d) => (d.inPeriod ? 'Yes' : 'No') },
  ];

  return (
    <section aria-labelledby="finance-view-heading">
      <h2 id="finance-view-heading">{contact ? contact.name : 'Reading…'}</h2>
      {head && contact && (
        <dl className="facts contact-facts" data-testid="contact-facts">
          <dt>{contact.kind === 'customer' ? 'Customer' : 'Supplier'}</dt><dd>{contact.currency} · {contact.paymentTermsDays} days’ terms</dd>
          <dt>{contact.kind === 'customer' ? 'AR' : 'AP'}</dt><dd data-testid="contact-open">{formatMoney(head.line?.numeratorMinor ?? 0, currency)}</dd>
          <dt>{contact.kind === 'customer' ? 'Revenue' : 'Purchases'} in the period</dt><dd>{formatMoney(head.line?.denominatorMinor ?? 0, currency)}</dd>
          <dt>Own {ratioName}</dt><dd data-testid="contact-days">{formatDayNumber(head.line?.days ?? null)} days</dd>
          <dt>Adds to company {ratioName}</dt><dd>{formatDayNumber(head.line?.contributionDays ?? null)} of {formatDayNumber(head.ratio.value)} days</dd>
          <dt>Period</dt><dd>{formatDay(head.startOn)} to {formatDay(head.endOn)}</dd>
        </dl>
      )}
      <VirtualTable autoFocus label={`Documents of ${contact?.name ?? 'the contact'}`} columns={columns} state={state} rowKey={(d) => d.id} queryKey={queryKey}
        emptyText="Nothing open at the end day and nothing issued in the period." />
      <ExportBar title={`Documents of ${contact?.name ?? contactId}`} input={{ view: 'contact', ...periodInput(filters), contactId }} />
    </section>
  );
}
