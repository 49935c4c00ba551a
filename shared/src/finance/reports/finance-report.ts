import { z } from 'zod';
import type { Report, ReportTable } from '../../reports/report-table';
import { computeAging, type AgingBasis } from '../aging';
import { detectAnomalies } from '../anomalies';
import { forecastCash } from '../cash-forecast';
import type { FinanceBook } from '../finance-book';
import type { Costing } from '../inventory-position';
import { dioByCategory, dioByItem, dpoBySupplier, dsoByCustomer } from '../ratio-drilldowns';
import { ratioTrend } from '../ratio-trend';
import { computeRatios } from '../ratios';
import type { Scenario } from '../scenario.schema';
import { compareScenarios } from '../scenarios';
import { agingTable } from './aging.report';
import { anomaliesTable } from './anomalies.report';
import { cashForecastTable, customerDelaysTable } from './cash-forecast.report';
import { drillTable } from './drill.report';
import { ratiosTable, trendTable } from './ratios.report';
import { stem, type FinanceReportContext } from './report-columns';
import { scenariosTable } from './scenarios.report';

// A finance report of several views over one book: the engine's answers turned into tables, one
// sheet each. The scheduled reports use it on the server; the desktop can for "export all".

export const FINANCE_REPORT_VIEWS = [
  'summary', 'trend', 'aging_ar', 'aging_ap', 'dso_by_customer', 'dpo_by_supplier', 'dio_by_item', 'dio_by_category', 'cash_forecast', 'scenarios', 'anomalies',
] as const;
export type FinanceReportView = (typeof FINANCE_REPORT_VIEWS)[number];
export const financeReportViewSchema = z.enum(FINANCE_REPORT_VIEWS);

export const FINANCE_REPORT_VIEW_LABELS: Record<FinanceReportView, string> = {
  summary: 'Ratios (DSO, DPO, DIO, CCC)', trend: 'Monthly trend', aging_ar: 'AR aging', aging_ap: 'AP aging',
  dso_by_customer: 'DSO by customer', dpo_by_supplier: 'DPO by supplier', dio_by_item: 'DIO by item', dio_by_category: 'DIO by category',
  cash_forecast: '13-week cash forecast', scenarios: 'Scenarios side by side', anomalies: 'Anomalies',
};

export interface FinanceReportRequest {
  /** In this order, each once. */
  views: readonly FinanceReportView[];
  /** The day the report is as of: the end of the ratio period, the aging day, the forecast's start. */
  asOf: string;
  /** Trailing days of the ratios (30, 90 or 365 on screen). */
  periodDays: number;
  costing?: Costing;
  agingBasis?: AgingBasis;
  /** Cash at the start of the as-of day for the cash forecast (base currency minor units; 0 when unknown). */
  openingCashMinor?: number;
  trendMonths?: number;
  /** The saved scenarios to compare (the `scenarios` view). */
  scenarios?: readonly Scenario[];
  /** Item ids to names for DIO by item. */
  itemNames?: ReadonlyMap<string, string>;
  /** The report's title (a schedule's name) and file name. */
  title?: string;
}

/** Runs the engine for each view asked for and lays the answers out as tables; a RangeError for impossible input (as the engine). */
export function buildFinanceReport(book: FinanceBook, request: FinanceReportRequest, context: FinanceReportContext): Report {
  const views = [...new Set(request.views)];
  if (views.length === 0) throw new RangeError('A finance report needs at least one view.');
  const period = { endOn: request.asOf, periodDays: request.periodDays, costing: request.costing };
  let computed: ReturnType<typeof computeRatios> | undefined;
  const ratios = () => (computed ??= computeRatios(book, period));
  const drill = (by: 'customer' | 'supplier' | 'item' | 'category'): ReportTable => {
    const { snapshot, ratios: set } = ratios();
    const rows = by === 'customer' ? dsoByCustomer(book, snapshot) : by === 'supplier' ? dpoBySupplier(book, snapshot)
      : by === 'item' ? dioByItem(snapshot, request.itemNames) : dioByCategory(snapshot);
    const ratio = by === 'customer' ? set.dso : by === 'supplier' ? set.dpo : set.dio;
    return drillTable({ by, ratio, rows, baseCurrency: book.baseCurrency, startOn: snapshot.startOn, endOn: snapshot.endOn }, context);
  };
  const tables: ReportTable[] = [];
  for (const view of views) {
    switch (view) {
      case 'summary': tables.push(ratiosTable(ratios().ratios, context, ratios().snapshot.fxGaps)); break;
      case 'trend': tables.push(trendTable(ratioTrend(book, { ...period, months: request.trendMonths ?? 12 }), book.baseCurrency, context)); break;
      case 'aging_ar':
      case 'aging_ap': {
        const report = computeAging(book, { ledger: view === 'aging_ar' ? 'AR' : 'AP', asOf: request.asOf, basis: request.agingBasis });
        tables.push(agingTable(report, context));
        break;
      }
      case 'dso_by_customer': tables.push(drill('customer')); break;
      case 'dpo_by_supplier': tables.push(drill('supplier')); break;
      case 'dio_by_item': tables.push(drill('item')); break;
      case 'dio_by_category': tables.push(drill('category')); break;
      case 'cash_forecast': {
        const forecast = forecastCash(book, { asOf: request.asOf, openingCashMinor: request.openingCashMinor ?? 0 });
        tables.push(cashForecastTable(forecast, context), customerDelaysTable(forecast, context));
        break;
      }
      case 'scenarios': {
        const { snapshot, ratios: baseline } = ratios();
        tables.push(scenariosTable(baseline, compareScenarios(book, snapshot, request.scenarios ?? []), context));
        break;
      }
      case 'anomalies': {
        const anomalies = detectAnomalies(book, { asOf: request.asOf, periodDays: request.periodDays, costing: request.costing });
        tables.push(anomaliesTable(anomalies, request.asOf, book.baseCurrency, context));
        break;
      }
    }
  }
  const title = request.title ?? `Finance report - ${request.asOf}`;
  return {
    fileStem: stem(request.title ?? 'finance-report', request.asOf),
    title,
    details: [`As of ${request.asOf}; ratios over ${request.periodDays} days${context.company ? `; ${context.company}` : ''}`],
    tables,
  };
}
