import { weeklyBuckets, type CashWeek, type FlowKind, type PlannedFlow } from './cash-weeks';
import { dayNumber, isoDay } from './days';
import { FinanceInputError } from './finance-input-error';
import { contactName, type CashPlan, type FinanceBook } from './finance-book';
import { converterOn, fxGapCollector, type FxGap } from './fx';
import { roundMinor } from './money';
import { openBalanceOf } from './open-balance';
import { delaySamples, delayStats, type DelayBasis, type DelaySample, type DelayStats } from './payment-delays';

// The 13-week cash forecast: weekly buckets from the as-of day. Each open invoice is expected when
// its customer usually pays (its due date plus the customer's amount-weighted median delay), with an
// early and a late date from the customer's 10th and 90th percentile delays, so the forecast is a
// band; bills are paid on their terms. Forecast sales add their margin when collected, planned
// purchases go out on their day. Unless told otherwise the book's own plan is taken: the sales
// outlook priced from the demand forecasts, and the open purchase orders. Everything is converted
// at the as-of day's rates.

export interface ForecastSalesWeek { weekStart: string; revenueMinor: number; lowMinor?: number; highMinor?: number }

export interface PlannedPurchase { id: string; payOn: string; amountMinor: number; currency: string; description?: string }

export interface CashForecastOptions {
  asOf: string;
  /** Cash at the start of the as-of day, base currency minor units. */
  openingCashMinor: number;
  weeks?: number;
  /** Settled invoices within this many days before the as-of day make the history (default 365). */
  historyDays?: number;
  /** Fewer settled invoices than this and the customer takes the company's delays (default 3). */
  minHistory?: number;
  /** Weekly forecast revenue (base currency) and the margin it leaves; default: the book's sales outlook. */
  forecastSales?: { weeks: readonly ForecastSalesWeek[]; marginPct: number; collectionLagDays?: number };
  /** Purchases the person plans, on top of the book's open purchase orders. */
  plannedPurchases?: readonly PlannedPurchase[];
  /** Leave out the book's sales outlook or open purchase orders (both are in by default). */
  include?: { salesOutlook?: boolean; openOrders?: boolean };
}

/** What of the book's plan the forecast took, so the screen can say where the figures come from. */
export interface CashPlanUsed {
  salesOutlook: { runId: string; generatedAt: string; marginPct: number; pricedItems: number; unpricedItems: number } | null;
  openOrders: { count: number; amountBaseMinor: number };
}

export type { FlowKind, CashWeek } from './cash-weeks';

export interface ExpectedFlow {
  sourceId: string;
  kind: FlowKind;
  contactId: string | null;
  currency: string;
  /** Signed cash effect in the base currency: inflows positive, outflows negative. */
  amountBaseMinor: number;
  /** Cash in or out on this day, or on early / late days at the edges of the band. */
  expectedOn: string;
  earlyOn: string;
  lateOn: string;
  /** Week index (0 = the as-of week), or null beyond the horizon. */
  week: number | null;
  basis: DelayBasis | null;
}

/** The delays behind the dates of a customer with open invoices. */
export interface CustomerDelay extends DelayStats { contactId: string; name: string; basis: DelayBasis }

export interface CashForecast {
  asOf: string;
  baseCurrency: string;
  openingCashMinor: number;
  weeks: CashWeek[];
  /** Expected after the last week: signed base amounts per kind (inflows positive, outflows negative). */
  beyondHorizon: Record<FlowKind, number>;
  flows: ExpectedFlow[];
  customerDelays: CustomerDelay[];
  companyDelay: DelayStats | null;
  fxGaps: FxGap[];
  plan: CashPlanUsed;
}

export function forecastCash(book: FinanceBook, options: CashForecastOptions): CashForecast {
  const weeks = options.weeks ?? 13;
  if (!Number.isInteger(weeks) || weeks < 1) throw new FinanceInputError(`weeks must be a positive whole number, got ${weeks}`);
  if (!Number.isSafeInteger(options.openingCashMinor)) throw new FinanceInputError(`openingCashMinor must be whole minor units, got ${options.openingCashMinor}`);
  const asOf = dayNumber(options.asOf);
  const toBase = converterOn(book.fx, asOf);
  const gaps = fxGapCollector(asOf);
  const samples = delaySamples(book, 'AR', asOf - (options.historyDays ?? 365), asOf);
  const history = [...samples.values()].flat();
  const companyDelay = delayStats(history);
  const planned: PlannedFlow[] = [];
  const customerDelays: CustomerDelay[] = [];
  for (const [contactId, docs] of book.byContact) {
    let delay: { basis: DelayBasis; stats: DelayStats | null } | null = null;
    for (const doc of docs) {
      const open = openBalanceOf(book.settlements, doc, asOf);
      if (open === 0) continue;
      const amount = toBase(open, doc.currency);
      if (amount === null) { gaps.add(doc.currency, doc.doc.id); continue; }
      const flow = { sourceId: doc.doc.id, contactId, currency: doc.currency };
      if (doc.ledger === 'AP') { planned.push(fixed({ ...flow, kind: 'payable', basis: 'terms' }, -amount, doc.due)); continue; }
      if (!delay) {
        delay = customerDelay(samples.get(contactId), options.minHistory ?? 3, companyDelay);
        if (delay.stats) customerDelays.push({ contactId, name: contactName(book, contactId), basis: delay.basis, ...delay.stats });
      }
      const s = delay.stats;
      const receivable = { ...flow, kind: 'receivable' as const, basis: delay.basis };
      // Credit comes off whatever the customer pays next: it moves with the point, not the band.
      if (amount < 0 || !s) planned.push(fixed(receivable, amount, doc.due + (s ? s.p50 : 0)));
      else planned.push({ flow: receivable, amount, low: amount, high: amount, expected: doc.due + s.p50, early: doc.due + s.p10, late: doc.due + s.p90 });
    }
  }
  const include = { salesOutlook: options.include?.salesOutlook ?? true, openOrders: options.include?.openOrders ?? true };
  const outlook = options.forecastSales || !include.salesOutlook ? null : book.cashPlan.salesOutlook;
  planned.push(...forecastSales(options.forecastSales ?? (outlook ? { weeks: outlook.weeks, marginPct: outlook.marginPct } : undefined), asOf, history, book));
  const openOrders = { count: 0, amountBaseMinor: 0 };
  const purchases: { p: PlannedPurchase; supplierId: string | null; open: boolean }[] = [
    ...(include.openOrders ? book.cashPlan.plannedPurchases.map((p) => ({ p, supplierId: p.supplierId, open: true })) : []),
    ...(options.plannedPurchases ?? []).map((p) => ({ p, supplierId: null, open: false })),
  ];
  for (const { p, supplierId, open } of purchases) {
    const amount = toBase(p.amountMinor, p.currency);
    if (amount === null) { gaps.add(p.currency, p.id); continue; }
    planned.push(fixed({ sourceId: p.id, kind: 'planned_purchase', contactId: supplierId, currency: p.currency.toUpperCase(), basis: null }, -amount, dayNumber(p.payOn)));
    if (open) { openOrders.count += 1; openOrders.amountBaseMinor += amount; }
  }
  const { weeks: buckets, beyondHorizon, weekOf } = weeklyBuckets(planned, asOf, weeks, options.openingCashMinor);
  return {
    asOf: isoDay(asOf), baseCurrency: book.baseCurrency, openingCashMinor: options.openingCashMinor, weeks: buckets, beyondHorizon,
    flows: planned.map((p) => ({ ...p.flow, amountBaseMinor: p.amount, expectedOn: isoDay(p.expected), earlyOn: isoDay(p.early), lateOn: isoDay(p.late), week: weekOf(p.expected) })),
    customerDelays: customerDelays.sort((a, b) => b.p50 - a.p50 || (a.name < b.name ? -1 : 1)), companyDelay, fxGaps: gaps.list(),
    plan: { salesOutlook: outlook ? outlookSummary(outlook) : null, openOrders },
  };
}

function outlookSummary(o: NonNullable<CashPlan['salesOutlook']>): NonNullable<CashPlanUsed['salesOutlook']> {
  return { runId: o.runId, generatedAt: o.generatedAt, marginPct: o.marginPct, pricedItems: o.pricedItems, unpricedItems: o.unpricedItems };
}

/** A flow on one day whatever happens: the band's edges take it as it is. */
const fixed = (flow: PlannedFlow['flow'], amount: number, day: number): PlannedFlow => ({ flow, amount, low: amount, high: amount, expected: day, early: day, late: day });

function customerDelay(own: DelaySample[] | undefined, minHistory: number, company: DelayStats | null): { basis: DelayBasis; stats: DelayStats | null } {
  if (own && own.length >= minHistory) return { basis: 'customer_history', stats: delayStats(own) };
  return company ? { basis: 'company_history', stats: company } : { basis: 'terms', stats: null };
}

/**
 * Forecast weeks from the as-of day on (a week already under way by the days left of it): their
 * margin arrives after the usual days from invoice to payment.
 */
function forecastSales(sales: CashForecastOptions['forecastSales'], asOf: number, history: readonly DelaySample[], book: FinanceBook): PlannedFlow[] {
  if (!sales) return [];
  if (!(sales.marginPct >= -100 && sales.marginPct <= 100)) throw new FinanceInputError(`marginPct must be between -100 and 100, got ${sales.marginPct}`);
  const lag = sales.collectionLagDays ?? defaultCollectionLag(book, history);
  return sales.weeks.flatMap((w) => {
    const start = dayNumber(w.weekStart);
    const share = Math.min(1, (start + 7 - asOf) / 7);
    if (share <= 0) return [];
    const margin = (revenue: number) => roundMinor((revenue * share * sales.marginPct) / 100);
    const day = Math.max(start, asOf) + lag;
    const amount = margin(w.revenueMinor), a = margin(w.lowMinor ?? w.revenueMinor), b = margin(w.highMinor ?? w.revenueMinor);
    return {
      flow: { sourceId: `forecast:${w.weekStart}`, kind: 'forecast_sales', contactId: null, currency: book.baseCurrency, basis: null },
      amount, low: Math.min(a, b, amount), high: Math.max(a, b, amount), expected: day, early: day, late: day,
    } satisfies PlannedFlow;
  });
}

/** The company's median days from invoice to payment; without history, its customers' mean terms. */
function defaultCollectionLag(book: FinanceBook, history: readonly DelaySample[]): number {
  const stats = delayStats(history, (s) => s.daysToPay);
  if (stats) return stats.p50;
  const terms = [...book.contacts.values()].filter((c) => c.kind === 'customer').map((c) => c.paymentTermsDays);
  return terms.length > 0 ? Math.round(terms.reduce((a, b) => a + b, 0) / terms.length) : 0;
}
