import type { Kysely } from 'kysely';
import {
  compareScenarios, computeAging, detectAnomalies, forecastCash, scenarioSchema, type AgingBasis, type AgingContact, type AgingRow, type Anomaly, type CashForecast, type CashForecastOptions, type Costing,
  type FinanceBook, type Ledger, type Ratio, type RatioSet, type ScenarioInput, type ScenarioLine, type ScenarioProjection,
} from '@capliquify/shared/finance/index';
import type { FinanceContact, LegalEntity } from '@capliquify/shared';
import { financeItemNames } from '../replica/finance.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';
import type { SyncEngineStatus } from '../sync-engine/sync-engine-status';
import { contactDocuments, type ContactDocument } from '@capliquify/shared/finance/contact-documents';
import { requireFinanceRight } from './finance-access';
import { createFinanceBookCache, type LoadedFinance } from './finance-book.cache';
import { FinanceError, runEngine } from './finance-error';
import {
  agingBars, contactLines, documentLines, drilledRatio, drillLines, itemLines, periodSummary, trendValues,
  type AgingBar, type ContactLine, type DocumentLine, type DrillBy, type DrillLine, type ItemLine, type PeriodOptions, type PeriodSummary, type TrendValue,
} from './finance-views';
import { byText, descending, matchingRows, sliceWindow, type Compare, type RowWindow, type WindowQuery } from './table-window';

// The Finance section's answers, offline from the replica: the shared engine over the finance
// scope's documents (the same engine the server runs, so both agree to the unit). Every answer
// says how fresh its data is. The people who may see it are checked first (finance-access.ts).

export const RATIO_PERIODS = [30, 90, 365] as const;

/** One currency's documents, one legal entity's (an id of `Freshness.entities`), or both; all by default. */
export interface FinanceFilter { currency?: string; entity?: string }
export interface PeriodInput extends FinanceFilter { endOn?: string; periodDays: number; costing?: Costing }

export interface Freshness {
  /** False until the finance scope reached this station (not a finance workstation, or not synced yet). */
  hasData: boolean;
  /** When the server last refreshed the finance data (`finance_profile.asOf`). */
  dataAsOf: string | null;
  /** The day figures default to: the data's as-of day (today before any data). */
  defaultEndOn: string;
  baseCurrency: string;
  currencies: string[];
  /** The legal entities whose books the data holds; empty in a single set of books. */
  entities: LegalEntity[];
  lastSyncAt: string | null;
  offline: boolean;
  /** Replicated rows that could not be read (left out of every figure). */
  unreadable: number;
}

export interface FinanceOverview extends Freshness {
  endOn: string;
  periodDays: number;
  costing: Costing;
  currency: string | null;
  entity: string | null;
  /** The selected period first, then the others of 30, 90, 365 days. */
  periods: PeriodSummary[];
  trend: TrendValue[];
  aging: { AR: { bars: AgingBar[]; totalMinor: number }; AP: { bars: AgingBar[]; totalMinor: number } };
  anomalies: { high: number; medium: number; low: number };
}

export type DrillSort = 'contribution' | 'days' | 'name' | 'amount';
export interface DrillInput extends PeriodInput, WindowQuery { by: DrillBy; category?: string; sort?: DrillSort }
export interface DrillAnswer extends RowWindow<DrillLine> { by: DrillBy; category: string | null; ratio: Ratio; startOn: string; endOn: string; periodDays: number; baseCurrency: string }

export interface ContactInput extends PeriodInput, Pick<WindowQuery, 'offset' | 'limit'> { contactId: string }
export interface ContactAnswer extends RowWindow<ContactDocument> {
  contact: FinanceContact;
  /** The contact's line in its drill (DSO for a customer, DPO for a supplier); null when it has none in the period. */
  line: DrillLine | null;
  ratio: Ratio;
  startOn: string;
  endOn: string;
  periodDays: number;
  baseCurrency: string;
}

export type AgingSort = 'days' | 'amount' | 'number' | 'contact';
export interface AgingInput extends FinanceFilter, WindowQuery {
  ledger: Ledger; basis?: AgingBasis; asOf?: string; view: 'contacts' | 'documents'; contactId?: string; sort?: AgingSort;
}
export interface AgingAnswer {
  ledger: Ledger; basis: AgingBasis; asOf: string; baseCurrency: string;
  bars: AgingBar[]; totalMinor: number; contactCount: number; documentCount: number;
  contacts: RowWindow<AgingContact> | null;
  documents: RowWindow<AgingRow & { contactName: string }> | null;
  fxGaps: CashForecast['fxGaps'];
}

export interface CashInput extends FinanceFilter {
  asOf?: string; openingCashMinor: number; weeks?: number;
  /** Leave out the sales outlook or the open purchase orders (both in by default). */
  include?: CashForecastOptions['include'];
}
export type CashAnswer = Omit<CashForecast, 'flows'> & { flowCount: number };

export interface AnomalyInput extends FinanceFilter { asOf?: string; periodDays?: number; costing?: Costing }
export interface AnomalyRows { anomaly: Anomaly; documents: DocumentLine[]; contacts: ContactLine[]; items: ItemLine[] }

export interface ScenarioRunInput extends PeriodInput { scenarios: ScenarioInput[] }
/** A projection with only the lines the scenario changes (a company has thousands of contacts). */
export type ScenarioResult = Omit<ScenarioProjection, 'customers' | 'suppliers' | 'categories'> & { changed: { customers: ScenarioLine[]; suppliers: ScenarioLine[]; categories: ScenarioLine[] } };
export interface ScenarioRun { endOn: string; periodDays: number; baseCurrency: string; baseline: RatioSet; results: ScenarioResult[] }

export interface ScenarioChoices {
  customers: { id: string; name: string; paymentTermsDays: number }[];
  suppliers: { id: string; name: string; paymentTermsDays: number }[];
  categories: string[];
}

/** At most this many scenarios side by side (as the server allows). */
export const MAX_SCENARIOS_RUN = 10;

export interface FinanceServiceDeps {
  db: Kysely<ReplicaDatabase>;
  status: () => Pick<SyncEngineStatus, 'connection' | 'lastSyncAt'>;
  /** Today, UTC ISO day (tests fix it). */
  today?: () => string;
}

const DRILL_ORDER: Record<DrillSort, Compare<DrillLine> | undefined> = {
  contribution: undefined,
  days: descending((r) => r.days, (a, b) => byText(a.name, b.name)),
  amount: descending((r) => r.numeratorMinor, (a, b) => byText(a.name, b.name)),
  name: (a, b) => byText(a.name, b.name),
};

const AGING_ORDER: Record<AgingSort, Compare<AgingRow & { contactName: string }> | undefined> = {
  days: undefined,
  amount: descending((r) => r.openBaseMinor, (a, b) => byText(a.number, b.number)),
  number: (a, b) => byText(a.number, b.number),
  contact: (a, b) => byText(a.contactName, b.contactName) || b.days - a.days,
};

export function createFinanceService({ db, status, today = () => new Date().toISOString().slice(0, 10) }: FinanceServiceDeps) {
  const cache = createFinanceBookCache(db);

  const freshness = (loaded: LoadedFinance): Freshness => {
    const s = status();
    return {
      hasData: loaded.profile !== null || loaded.data.documents.length > 0, dataAsOf: loaded.profile?.asOf ?? null,
      defaultEndOn: loaded.profile?.asOf.slice(0, 10) ?? today(), baseCurrency: loaded.data.baseCurrency, currencies: loaded.currencies, entities: loaded.entities,
      lastSyncAt: s.lastSyncAt, offline: s.connection === 'offline', unreadable: loaded.unreadable,
    };
  };

  /** Checks the person, reads the book (of one currency when filtered) and settles the period. */
  async function open(input: FinanceFilter & { endOn?: string; asOf?: string; periodDays?: number; costing?: Costing }) {
    await requireFinanceRight(db);
    const { loaded, book } = await cache.book({ currency: input.currency, entity: input.entity });
    if (input.entity !== undefined && !loaded.entities.some((e) => e.id === input.entity)) {
      throw new FinanceError('BAD_REQUEST', `No legal entity "${input.entity}" in the finance data: choose one of the list, or all entities.`);
    }
    const fresh = freshness(loaded);
    const endOn = input.endOn ?? input.asOf ?? fresh.defaultEndOn;
    const period: PeriodOptions = { endOn, periodDays: input.periodDays ?? 90, costing: input.costing ?? 'mac' };
    const key = (what: string, extra: unknown = null) => JSON.stringify([what, input.currency ?? null, input.entity ?? null, period, extra]);
    const memo = <T>(what: string, extra: unknown, compute: () => T): T => cache.memo(key(what, extra), loaded, () => runEngine(compute));
    return { loaded, book, fresh, period, memo };
  }

  const summaryOf = (book: FinanceBook, memo: Awaited<ReturnType<typeof open>>['memo'], period: PeriodOptions) =>
    memo('summary', period.periodDays, () => periodSummary(book, period));

  return {
    /** The checked person's book and period, for the exports (finance-export.service.ts). */
    prepare: open,
    async freshness(): Promise<Freshness> {
      await requireFinanceRight(db);
      return freshness(await cache.load());
    },

    async overview(input: PeriodInput & { trendMonths?: number }): Promise<FinanceOverview> {
      const { book, fresh, period, memo } = await open(input);
      const periods = [period.periodDays, ...RATIO_PERIODS.filter((p) => p !== period.periodDays)]
        .map((periodDays) => {
          const p = { ...period, periodDays };
          const { snapshot: _snapshot, ...summary } = memo('summary', periodDays, () => periodSummary(book, p));
          return summary;
        });
      const aging = (ledger: Ledger) => {
        const report = memo('aging', { ledger, basis: 'due' }, () => computeAging(book, { ledger, asOf: period.endOn, basis: 'due' }));
        return { bars: agingBars(report), totalMinor: report.totals.totalBaseMinor };
      };
      const alerts = memo('anomalies', null, () => detectAnomalies(book, { asOf: period.endOn, periodDays: period.periodDays, costing: period.costing }));
      return {
        ...fresh, endOn: period.endOn, periodDays: period.periodDays, costing: period.costing, currency: input.currency ?? null, entity: input.entity ?? null, periods,
        trend: memo('trend', input.trendMonths ?? 12, () => trendValues(book, period, input.trendMonths ?? 12)),
        aging: { AR: aging('AR'), AP: aging('AP') },
        anomalies: {
          high: alerts.filter((a) => a.severity === 'high').length, medium: alerts.filter((a) => a.severity === 'medium').length,
          low: alerts.filter((a) => a.severity === 'low').length,
        },
      };
    },

    async drill(input: DrillInput): Promise<DrillAnswer> {
      const { book, period, memo, fresh } = await open(input);
      const summary = summaryOf(book, memo, period);
      const names = input.by === 'item' ? await financeItemNames(db) : undefined;
      const lines = memo('drill', [input.by, input.category ?? null], () => drillLines(book, summary.snapshot, input.by, names, input.category));
      const sort = input.sort ?? 'contribution';
      const matched = memo('drill-window', [input.by, input.category ?? null, input.q ?? '', sort], () =>
        matchingRows(lines, input.q, (r) => `${r.name} ${r.id}`, DRILL_ORDER[sort]));
      return {
        ...sliceWindow(matched, input), by: input.by, category: input.category ?? null, ratio: drilledRatio(summary.ratios, input.by),
        startOn: summary.startOn, endOn: summary.endOn, periodDays: summary.periodDays, baseCurrency: fresh.baseCurrency,
      };
    },

    async contact(input: ContactInput): Promise<ContactAnswer> {
      const { book, period, memo, fresh } = await open(input);
      const contact = book.contacts.get(input.contactId);
      if (!contact) throw new FinanceError('NOT_FOUND', `No customer or supplier "${input.contactId}" in this station’s finance data.`);
      const summary = summaryOf(book, memo, period);
      const by: DrillBy = contact.kind;
      const lines = memo('drill', [by, null], () => drillLines(book, summary.snapshot, by));
      const documents = memo('contact', contact.id, () => contactDocuments(book, contact.id, summary.endOn, summary.periodDays));
      return {
        ...sliceWindow(documents, input), contact, line: lines.find((l) => l.id === contact.id) ?? null, ratio: drilledRatio(summary.ratios, by),
        startOn: summary.startOn, endOn: summary.endOn, periodDays: summary.periodDays, baseCurrency: fresh.baseCurrency,
      };
    },

    async aging(input: AgingInput): Promise<AgingAnswer> {
      const { book, period, memo, fresh } = await open(input);
      const basis = input.basis ?? 'due';
      const report = memo('aging', { ledger: input.ledger, basis }, () => computeAging(book, { ledger: input.ledger, asOf: period.endOn, basis }));
      const answer: AgingAnswer = {
        ledger: input.ledger, basis, asOf: report.asOf, baseCurrency: fresh.baseCurrency, bars: agingBars(report), totalMinor: report.totals.totalBaseMinor,
        contactCount: report.contacts.length, documentCount: report.rows.length, contacts: null, documents: null, fxGaps: report.fxGaps,
      };
      if (input.view === 'contacts') {
        answer.contacts = sliceWindow(memo('aging-contacts', [input.ledger, basis, input.q ?? ''], () => matchingRows(report.contacts, input.q, (c) => c.name)), input);
        return answer;
      }
      const sort = input.sort ?? 'days';
      const rows = memo('aging-rows', [input.ledger, basis, input.contactId ?? null, input.q ?? '', sort], () => {
        const named = report.rows.filter((r) => input.contactId === undefined || r.contactId === input.contactId)
          .map((r) => ({ ...r, contactName: book.contacts.get(r.contactId)?.name ?? r.contactId }));
        return matchingRows(named, input.q, (r) => `${r.number} ${r.contactName}`, AGING_ORDER[sort]);
      });
      answer.documents = sliceWindow(rows, input);
      return answer;
    },

    async cashForecast(input: CashInput): Promise<CashAnswer & Freshness> {
      const { book, period, memo, fresh } = await open(input);
      const include = { salesOutlook: input.include?.salesOutlook ?? true, openOrders: input.include?.openOrders ?? true };
      const forecast = memo('cash', [input.openingCashMinor, input.weeks ?? 13, include.salesOutlook, include.openOrders], () =>
        forecastCash(book, { asOf: period.endOn, openingCashMinor: input.openingCashMinor, weeks: input.weeks ?? 13, include }));
      const { flows, ...rest } = forecast;
      return { ...fresh, ...rest, flowCount: flows.length };
    },

    async anomalies(input: AnomalyInput): Promise<Freshness & { asOf: string; anomalies: Anomaly[] }> {
      const { book, period, memo, fresh } = await open(input);
      const anomalies = memo('anomalies', null, () => detectAnomalies(book, { asOf: period.endOn, periodDays: period.periodDays, costing: period.costing }));
      return { ...fresh, asOf: period.endOn, anomalies };
    },

    /** Scenarios run here on the period's figures, side by side with the baseline. */
    async runScenarios(input: ScenarioRunInput): Promise<ScenarioRun> {
      if (input.scenarios.length === 0) throw new FinanceError('BAD_REQUEST', 'Choose at least one scenario to run.');
      if (input.scenarios.length > MAX_SCENARIOS_RUN) throw new FinanceError('BAD_REQUEST', `At most ${MAX_SCENARIOS_RUN} scenarios are compared at once.`);
      const scenarios = input.scenarios.map((s, i) => {
        const parsed = scenarioSchema.safeParse(s);
        if (!parsed.success) throw new FinanceError('BAD_REQUEST', `Scenario ${i + 1} is not valid: ${parsed.error.issues.map((e) => `${e.path.join('.') || 'scenario'}: ${e.message}`).join('; ')}.`);
        return parsed.data;
      });
      const { book, period, memo, fresh } = await open(input);
      const summary = summaryOf(book, memo, period);
      const moved = (lines: ScenarioLine[]) => lines.filter((l) => l.deltaDays !== 0 || l.projectedMinor !== l.baselineMinor);
      const results = runEngine(() => compareScenarios(book, summary.snapshot, scenarios)).map(({ customers, suppliers, categories, ...rest }) => ({
        ...rest, changed: { customers: moved(customers), suppliers: moved(suppliers), categories: moved(categories) },
      }));
      return { endOn: summary.endOn, periodDays: summary.periodDays, baseCurrency: fresh.baseCurrency, baseline: summary.ratios, results };
    },

    /** Who and what a scenario can change: customers, suppliers and stock categories. */
    async scenarioChoices(input: FinanceFilter = {}): Promise<ScenarioChoices> {
      const { book, loaded } = await open(input);
      const contacts = [...book.contacts.values()].sort((a, b) => byText(a.name, b.name));
      const pick = (kind: FinanceContact['kind']) => contacts.filter((c) => c.kind === kind).map((c) => ({ id: c.id, name: c.name, paymentTermsDays: c.paymentTermsDays }));
      const categories = [...new Set(loaded.data.inventoryMonths.map((m) => m.category))].sort(byText);
      return { customers: pick('customer'), suppliers: pick('supplier'), categories };
    },

    /** The rows behind one alert, as of the alert's day. */
    async anomalyRows(input: AnomalyInput & { anomalyId: string }): Promise<AnomalyRows> {
      const { book, period, memo } = await open(input);
      const anomalies = memo('anomalies', null, () => detectAnomalies(book, { asOf: period.endOn, periodDays: period.periodDays, costing: period.costing }));
      const anomaly = anomalies.find((a) => a.id === input.anomalyId);
      if (!anomaly) throw new FinanceError('NOT_FOUND', 'This alert is no longer raised on the station’s data (a sync may have changed it).');
      const { ids, kind } = anomaly.rows;
      const out: AnomalyRows = { anomaly, documents: [], contacts: [], items: [] };
      if (kind === 'document') out.documents = documentLines(book, ids, period.endOn);
      else if (kind === 'contact') out.contacts = contactLines(book, ids, period.endOn);
      else out.items = itemLines(summaryOf(book, memo, period).snapshot, ids, await financeItemNames(db));
      return out;
    },
  };
}

export type FinanceService = ReturnType<typeof createFinanceService>;
