import type { Insertable } from 'kysely';
import type { FxRatesTable } from '../../db/finance.schema';
import type { CustomersTable, PurchaseOrderLinesTable, PurchaseOrdersTable, SalesDailyTable, SuppliersTable } from '../../db/schema';
import type { CatalogSupplier } from './catalog.model';
import { WHOLESALE_TEMPLATES } from './catalog.names';
import { addDays, toDayNumber, weekdayOf } from './dates';
import { DEMO_TENANT_ID } from './demo.types';
import { planCustomerCredits, planSupplierCredits } from './finance-credits.generator';
import { settle, type FinanceRows, type InvoiceDraft, type PaymentHabit } from './finance.model';
import { fromGbp, generateFxRates } from './fx';
import type { Rng } from './prng';

export interface FinanceInput {
  startDate: string;
  endDate: string;
  wholesaleCustomers: number;
  suppliers: CatalogSupplier[];
  sales: Insertable<SalesDailyTable>[];
  purchaseOrders: Insertable<PurchaseOrdersTable>[];
  purchaseOrderLines: Insertable<PurchaseOrderLinesTable>[];
}

export interface FinanceResult extends FinanceRows {
  customers: Insertable<CustomersTable>[];
  suppliers: Insertable<SuppliersTable>[];
  fxRates: Insertable<FxRatesTable>[];
}

// The marketplaces settle like clockwork; trade customers do not.
const CHANNEL_CONTACTS = [
  { id: 'cus_demo_shopify', name: 'Shopify Payments', channel: 'shopify', termsDays: 3, periodDays: 7 },
  { id: 'cus_demo_amazon', name: 'Amazon EU S.à r.l.', channel: 'amazon', termsDays: 14, periodDays: 14 },
] as const;
const HABITS: Record<string, PaymentHabit> = {
  prompt: { delay: [-4, 1], instalments: false },
  usual: { delay: [0, 12], instalments: false },
  late: { delay: [8, 35], instalments: false },
  troubled: { delay: [40, 95], instalments: true },
};

/** Net marketplace payouts (sales less fees), one invoice per settlement period. */
type UnnumberedDraft = Omit<InvoiceDraft, 'id' | 'number'>;

function channelInvoices(input: FinanceInput): UnnumberedDraft[] {
  const drafts: UnnumberedDraft[] = [];
  const start = toDayNumber(input.startDate);
  const end = toDayNumber(input.endDate);
  for (const contact of CHANNEL_CONTACTS) {
    const net = new Map<number, number>();
    for (const row of input.sales) {
      if (row.channel !== contact.channel) continue;
      const period = Math.floor((toDayNumber(row.day) - start) / contact.periodDays);
      net.set(period, (net.get(period) ?? 0) + Number(row.revenue_minor) - Number(row.fees_minor));
    }
    for (const [period, total] of [...net].sort((a, b) => a[0] - b[0])) {
      const closes = start + (period + 1) * contact.periodDays - 1;
      if (closes >= end || total <= 0) continue;
      const issuedOn = addDays(input.startDate, (period + 1) * contact.periodDays);
      drafts.push({
        type: 'ACCREC', contactId: contact.id, issuedOn, dueOn: addDays(issuedOn, contact.termsDays),
        currency: 'GBP', totalMinor: total, voided: false,
      });
    }
  }
  return drafts;
}

export function generateFinance(rng: Rng, input: FinanceInput): FinanceResult {
  const out: FinanceResult = { customers: [], suppliers: [], invoices: [], payments: [], credits: [], allocations: [], fxRates: [] };
  out.fxRates = generateFxRates(rng.fork('fx'), input.startDate, input.endDate);
  const paymentSeq = { n: 0 };
  for (const c of CHANNEL_CONTACTS) out.customers.push({ id: c.id, tenant_id: DEMO_TENANT_ID, name: c.name, payment_terms_days: c.termsDays, currency: 'GBP', channel: c.channel });
  const habits = new Map<string, PaymentHabit>([['cus_demo_shopify', { delay: [0, 1], instalments: false }], ['cus_demo_amazon', { delay: [0, 4], instalments: false }]]);

  const drafts = channelInvoices(input);
  const customerRng = rng.fork('customers');
  const templates = customerRng.shuffle(WHOLESALE_TEMPLATES).slice(0, input.wholesaleCustomers);
  const days = toDayNumber(input.endDate) - toDayNumber(input.startDate) + 1;
  templates.forEach((t, n) => {
    const id = `cus_demo_${String(n + 1).padStart(3, '0')}`;
    // One trade customer is in trouble and one pays late, so aged debt always has a story to tell.
    const habitName = n === 0 ? 'troubled' : n === 1 ? 'late' : customerRng.weighted(['prompt', 'usual', 'late'], [0.3, 0.5, 0.2]);
    const termsDays = habitName === 'troubled' ? 30 : t.termsDays;
    out.customers.push({ id, tenant_id: DEMO_TENANT_ID, name: t.name, payment_terms_days: termsDays, currency: t.currency, channel: null });
    habits.set(id, HABITS[habitName] as PaymentHabit);
    const medianGbp = customerRng.range(2_000, 25_000) * 100;
    const interval = customerRng.int(10, 35);
    for (let day = customerRng.int(0, 10); day < days; day += Math.max(5, Math.round(interval * customerRng.range(0.6, 1.4)))) {
      let issuedOn = addDays(input.startDate, day);
      while (weekdayOf(issuedOn) > 4) issuedOn = addDays(issuedOn, 1);
      if (issuedOn > input.endDate) break;
      const totalGbp = medianGbp * Math.exp(customerRng.normal(0, 0.45));
      drafts.push({
        type: 'ACCREC', contactId: id, issuedOn, dueOn: addDays(issuedOn, termsDays),
        currency: t.currency, totalMinor: fromGbp(totalGbp, t.currency), voided: customerRng.chance(0.015),
      });
    }
  });

  drafts.sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : a.contactId.localeCompare(b.contactId)));
  const numbered = drafts.map((d, n) => {
    const seq = String(n + 1).padStart(5, '0');
    return { ...d, id: `inv_demo_r${seq}`, number: `INV-${seq}` };
  });
  const channels = new Set<string>(CHANNEL_CONTACTS.map((c) => c.id));
  const credits = planCustomerCredits(rng.fork('credits'), numbered.filter((d) => !channels.has(d.contactId)), input.startDate, input.endDate);
  out.credits.push(...credits.credits);
  const payRng = rng.fork('receipts');
  for (const d of numbered) settle(out, d, habits.get(d.contactId) as PaymentHabit, payRng.next, input.endDate, paymentSeq, credits.applied.get(d.id) ?? null);
  supplierBills(rng.fork('bills'), input, out, paymentSeq);
  return out;
}

/** One bill per delivered purchase order, in the supplier's currency, paid by our own habits. */
function supplierBills(rng: Rng, input: FinanceInput, out: FinanceResult, paymentSeq: { n: number }): void {
  const habitOf = new Map<string, PaymentHabit>();
  input.suppliers.forEach((s, n) => {
    // We pay strategic suppliers on time, stretch the rest, and hold one disputed account.
    const name = n === input.suppliers.length - 1 ? 'troubled' : rng.weighted(['prompt', 'usual', 'late'], [0.35, 0.45, 0.2]);
    habitOf.set(s.id, HABITS[name] as PaymentHabit);
    out.suppliers.push({ id: s.id, tenant_id: DEMO_TENANT_ID, name: s.name, payment_terms_days: s.termsDays, currency: s.currency });
  });
  const totals = new Map<string, number>();
  for (const line of input.purchaseOrderLines) {
    totals.set(line.purchase_order_id, (totals.get(line.purchase_order_id) ?? 0) + Math.round(Number(line.quantity) * Number(line.unit_cost_minor)));
  }
  const terms = new Map(input.suppliers.map((s) => [s.id, s.termsDays]));
  const received = input.purchaseOrders
    .filter((po) => po.status === 'received' && po.received_on)
    .sort((a, b) => `${a.received_on}${a.number}`.localeCompare(`${b.received_on}${b.number}`));
  const bill = (po: (typeof received)[number], n: number): Omit<InvoiceDraft, 'number'> => {
    const issuedOn = po.received_on as string;
    return {
      id: `inv_demo_p${String(n + 1).padStart(5, '0')}`, type: 'ACCPAY', contactId: po.supplier_id,
      issuedOn, dueOn: addDays(issuedOn, terms.get(po.supplier_id) ?? 30), currency: po.currency, totalMinor: totals.get(po.id) ?? 0,
    };
  };
  const credits = planSupplierCredits(rng.fork('supplier-credits'), received.map((po, n) => ({ ...bill(po, n), number: po.number })), input.endDate);
  out.credits.push(...credits.credits);
  received.forEach((po, n) => {
    const draft = bill(po, n);
    settle(out, { ...draft, number: `${po.number}-B${rng.int(100, 999)}` }, habitOf.get(po.supplier_id) as PaymentHabit, rng.next, input.endDate, paymentSeq, credits.applied.get(draft.id) ?? null);
  });
}
