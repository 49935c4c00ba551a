import {
  computeAging, computeRatios, detectAnomalies, dioByCategory, dioByItem, dpoBySupplier, dsoByCustomer, forecastCash, ratioTrend,
  type AgingBasis, type AgingReport, type Anomaly, type CashForecast, type Costing, type DrillRow, type FxGap, type Ledger, type PlannedPurchase,
  type Ratio, type RatioSet,
} from '@capliquify/shared/finance/index';
import type { FinanceContact } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { badRequest, notFound } from '../../errors/app.error';
import { contactDocuments, type ContactDocument } from '@capliquify/shared/finance/contact-documents';
import { loadFinance, type LoadedFinance } from './finance-book.service';

// The Finance section's answers: the shared engine run over the finance scope's documents (see
// finance-book.service.ts). The rules are the engine's; this file picks the defaults, checks what
// the engine cannot (a contact that is not there) and shapes the answers.

export interface PeriodOptions {
  /** Last day of the period (default today, UTC). */
  endOn?: string;
  periodDays: number;
  costing?: Costing;
}

/** How fresh the figures are: the finance scope's last change, null before its first refresh. */
export interface Freshness { dataAsOf: string | null; baseCurrency: string }

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** The engine refuses impossible input with a RangeError (a day that is no date, a period of −3 days): the caller's mistake. */
function engine<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof RangeError) throw badRequest(error.message);
    throw error;
  }
}

const freshness = (f: LoadedFinance): Freshness => ({ dataAsOf: f.profile?.asOf ?? null, baseCurrency: f.book.baseCurrency });

export interface TrendValue { endOn: string; dso: number | null; dpo: number | null; dio: number | null; ccc: number | null }

export interface WorkingCapitalSummary extends Freshness {
  ratios: RatioSet;
  totals: { receivablesMinor: number; revenueMinor: number; payablesMinor: number; purchasesMinor: number; inventoryMinor: number; cogsMinor: number };
  /** The same ratios at each of the last `trendMonths` month ends, the last at the end day. */
  trend: TrendValue[];
  fxGaps: FxGap[];
}

/** DSO, DPO, DIO and CCC with their formulas and figures, and their monthly trend. */
export async function workingCapitalSummary(db: Kysely<Database>, tenantId: string, options: PeriodOptions & { trendMonths?: number }): Promise<WorkingCapitalSummary> {
  const finance = await loadFinance(db, tenantId);
  const period = { endOn: options.endOn ?? todayUtc(), periodDays: options.periodDays, costing: options.costing };
  return engine(() => {
    const { snapshot, ratios } = computeRatios(finance.book, period);
    const trend = ratioTrend(finance.book, { ...period, months: options.trendMonths ?? 12 }).map((p) => ({
      endOn: p.endOn, dso: p.ratios.dso.value, dpo: p.ratios.dpo.value, dio: p.ratios.dio.value, ccc: p.ratios.ccc.value,
    }));
    const { receivablesMinor, revenueMinor, payablesMinor, purchasesMinor, inventoryMinor, cogsMinor } = snapshot;
    return {
      ...freshness(finance), ratios, totals: { receivablesMinor, revenueMinor, payablesMinor, purchasesMinor, inventoryMinor, cogsMinor }, trend, fxGaps: snapshot.fxGaps,
    };
  });
}

export interface AgingOptions { ledger: Ledger; asOf?: string; basis?: AgingBasis; contactId?: string }

/** AR or AP aging in buckets, per contact and in total; one contact's rows when asked. */
export async function workingCapitalAging(db: Kysely<Database>, tenantId: string, options: AgingOptions): Promise<AgingReport & Freshness> {
  const finance = await loadFinance(db, tenantId);
  const report = engine(() => computeAging(finance.book, { ledger: options.ledger, asOf: options.asOf ?? todayUtc(), basis: options.basis }));
  if (options.contactId === undefined) return { ...report, ...freshness(finance) };
  return {
    ...report, ...freshness(finance),
    rows: report.rows.filter((r) => r.contactId === options.contactId),
    contacts: report.contacts.filter((c) => c.contactId === options.contactId),
  };
}

export type DrillBy = 'customer' | 'supplier' | 'item' | 'category';

export interface DrillAnswer extends Freshness {
  by: DrillBy;
  startOn: string;
  endOn: string;
  periodDays: number;
  /** The company ratio being broken down (DSO by customer, DPO by supplier, DIO otherwise). */
  ratio: Ratio;
  rows: (DrillRow & { category?: string })[];
  /** With a contact: who it is and the documents behind its row. */
  contact?: FinanceContact;
  documents?: ContactDocument[];
}

/**
 * A ratio broken down: DSO by customer, DPO by supplier, DIO by item or category. Given a
 * customer or supplier, its row and the documents behind it (the drill from DSO to a customer's
 * invoices).
 */
export async function workingCapitalDrill(db: Kysely<Database>, tenantId: string, options: PeriodOptions & { by: DrillBy; contactId?: string }): Promise<DrillAnswer> {
  const finance = await loadFinance(db, tenantId);
  const { book } = finance;
  const period = { endOn: options.endOn ?? todayUtc(), periodDays: options.periodDays, costing: options.costing };
  const contact = options.contactId === undefined ? undefined : book.contacts.get(options.contactId);
  if (options.contactId !== undefined) {
    if (options.by !== 'customer' && options.by !== 'supplier') throw badRequest('Only a drill by customer or supplier goes down to a contact\'s documents.');
    if (!contact || contact.kind !== options.by) throw notFound(`No ${options.by} "${options.contactId}" in the finance data.`);
  }
  const names = options.by === 'item' ? await itemNames(db, tenantId) : undefined;
  return engine(() => {
    const { snapshot, ratios } = computeRatios(book, period);
    const all = options.by === 'customer' ? dsoByCustomer(book, snapshot)
      : options.by === 'supplier' ? dpoBySupplier(book, snapshot)
        : options.by === 'item' ? dioByItem(snapshot, names) : dioByCategory(snapshot);
    const ratio = options.by === 'customer' ? ratios.dso : options.by === 'supplier' ? ratios.dpo : ratios.dio;
    const answer: DrillAnswer = {
      ...freshness(finance), by: options.by, startOn: snapshot.startOn, endOn: snapshot.endOn, periodDays: snapshot.periodDays, ratio,
      rows: contact ? all.filter((r) => r.id === contact.id) : all,
    };
    if (contact) {
      answer.contact = contact;
      answer.documents = contactDocuments(book, contact.id, snapshot.endOn, snapshot.periodDays);
    }
    return answer;
  });
}

async function itemNames(db: Kysely<Database>, tenantId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('items').select(['id', 'sku', 'name']).where('tenant_id', '=', tenantId).execute();
  return new Map(rows.map((r) => [r.id, `${r.sku} ${r.name}`]));
}

export interface CashForecastRequest {
  asOf?: string;
  /** Cash at the start of the as-of day (base currency, minor units): the bank balance the person enters. */
  openingCashMinor?: number;
  weeks?: number;
  historyDays?: number;
  /** Purchases the person plans, on top of the open purchase orders. */
  plannedPurchases?: PlannedPurchase[];
  /** Leave out the sales outlook (forecast sales × margin) or the open purchase orders; both are in by default. */
  include?: { salesOutlook?: boolean; openOrders?: boolean };
}

/**
 * The 13-week cash forecast, a band from each customer's own payment delays, with the margin of
 * forecast sales and the open purchase orders.
 */
export async function workingCapitalCashForecast(db: Kysely<Database>, tenantId: string, request: CashForecastRequest): Promise<CashForecast & Freshness> {
  const finance = await loadFinance(db, tenantId);
  const forecast = engine(() => forecastCash(finance.book, {
    asOf: request.asOf ?? todayUtc(), openingCashMinor: request.openingCashMinor ?? 0, weeks: request.weeks, historyDays: request.historyDays,
    plannedPurchases: request.plannedPurchases, include: request.include,
  }));
  return { ...forecast, ...freshness(finance) };
}

/** Every alert as of a day, most severe first, each explaining itself and naming its rows. */
export async function workingCapitalAnomalies(db: Kysely<Database>, tenantId: string, options: { asOf?: string; periodDays?: number; costing?: Costing }): Promise<Freshness & { asOf: string; anomalies: Anomaly[] }> {
  const finance = await loadFinance(db, tenantId);
  const asOf = options.asOf ?? todayUtc();
  const anomalies = engine(() => detectAnomalies(finance.book, { asOf, periodDays: options.periodDays, costing: options.costing }));
  return { ...freshness(finance), asOf, anomalies };
}
