import {
  computeAging, detectAnomalies, forecastCash, ratioTrend, compareScenarios, scenarioSchema, type CashForecastOptions, type ScenarioInput,
} from '@capliquify/shared/finance/index';
import { agingDocumentsTable, agingTable } from '@capliquify/shared/finance/reports/aging.report';
import { anomaliesTable } from '@capliquify/shared/finance/reports/anomalies.report';
import { cashForecastTable, customerDelaysTable } from '@capliquify/shared/finance/reports/cash-forecast.report';
import { contactDocumentsTable, drillTable } from '@capliquify/shared/finance/reports/drill.report';
import { ratiosTable, trendTable } from '@capliquify/shared/finance/reports/ratios.report';
import type { FinanceReportContext } from '@capliquify/shared/finance/reports/report-columns';
import { scenariosTable } from '@capliquify/shared/finance/reports/scenarios.report';
import { renderReport, REPORT_MIME_TYPES, type ReportFormat } from '@capliquify/shared/reports/render-report';
import type { Report, ReportTable } from '@capliquify/shared/reports/report-table';
import type { Kysely } from 'kysely';
import { financeItemNames } from '../replica/finance.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { FinanceError, runEngine } from './finance-error';
import { drilledRatio, drillLines, periodSummary, type DrillBy } from './finance-views';
import { RATIO_PERIODS, type FinanceService, type PeriodInput } from './finance.service';

// Every Finance view as a file, written by the core from the replica (so exports work offline)
// with the shared finance report tables the server's scheduled reports use: XLSX keeps the
// formulas (a ratio over its numerator and denominator, totals as SUMs) with number formats; PDF
// prints the same figures; CSV holds the view's main table (a CSV file holds one table).

export const FINANCE_VIEWS = ['summary', 'trend', 'aging', 'drill', 'contact', 'cash', 'scenarios', 'anomalies'] as const;
export type FinanceView = (typeof FINANCE_VIEWS)[number];

export interface FinanceExportInput extends PeriodInput {
  view: FinanceView;
  format: ReportFormat;
  ledger: 'AR' | 'AP';
  basis: 'due' | 'invoice';
  by: DrillBy;
  category?: string;
  contactId?: string;
  openingCashMinor: number;
  /** For the cash view: leave out the sales outlook or the open purchase orders, as on screen. */
  include?: CashForecastOptions['include'];
  scenarios: ScenarioInput[];
}

/** A file for the renderer to save; base64 because it crosses tRPC as JSON. */
export interface ExportedFile { fileName: string; mimeType: string; base64: string }

export function createFinanceExports({ db, finance, now = () => new Date() }: { db: Kysely<ReplicaDatabase>; finance: FinanceService; now?: () => Date }) {
  async function build(input: FinanceExportInput): Promise<Report | ReportTable> {
    const { book, loaded, period } = await finance.prepare(input);
    const entity = input.entity === undefined ? undefined : loaded.entities.find((e) => e.id === input.entity)?.name;
    const only = [entity && `of ${entity}`, input.currency && `in ${input.currency.toUpperCase()}`].filter(Boolean).join(' ');
    const context: FinanceReportContext = { generatedAt: now().toISOString(), dataAsOf: loaded.profile?.asOf ?? null, ...(only ? { only } : {}) };
    const summary = () => runEngine(() => periodSummary(book, period));
    const names = () => new Map(book.contactIds.map((id) => [id, book.contacts.get(id)?.name ?? id]));
    switch (input.view) {
      case 'summary': {
        // The chosen period first, then the others: a sheet each.
        const tables = [period.periodDays, ...RATIO_PERIODS.filter((p) => p !== period.periodDays)].map((periodDays) => {
          const s = runEngine(() => periodSummary(book, { ...period, periodDays }));
          return { ...ratiosTable(s.ratios, context, s.fxGaps), sheetName: `Ratios ${periodDays} days` };
        });
        return { fileStem: tables[0]!.fileStem, title: tables[0]!.title, details: [], tables };
      }
      case 'trend':
        return trendTable(runEngine(() => ratioTrend(book, { ...period, months: 12 })), book.baseCurrency, context);
      case 'aging': {
        const report = runEngine(() => computeAging(book, { ledger: input.ledger, asOf: period.endOn, basis: input.basis }));
        const documents = agingDocumentsTable(report, context, names(), input.contactId);
        if (input.contactId !== undefined) return documents;
        const contacts = agingTable(report, context);
        return { fileStem: contacts.fileStem, title: contacts.title, details: [], tables: [contacts, documents] };
      }
      case 'drill': {
        const s = summary();
        const rows = drillLines(book, s.snapshot, input.by, input.by === 'item' ? await financeItemNames(db) : undefined, input.category);
        const table = drillTable({ by: input.by, ratio: drilledRatio(s.ratios, input.by), rows, baseCurrency: book.baseCurrency, startOn: s.startOn, endOn: s.endOn }, context);
        return input.category === undefined ? table : { ...table, title: `${table.title} - ${input.category}`, fileStem: `${table.fileStem}-${input.category.replace(/[^\w-]+/g, '-').toLowerCase()}` };
      }
      case 'contact': {
        if (input.contactId === undefined) throw new FinanceError('BAD_REQUEST', 'Say whose documents to export.');
        const answer = await finance.contact({ ...input, contactId: input.contactId, offset: 0, limit: Number.MAX_SAFE_INTEGER });
        return contactDocumentsTable({ contact: answer.contact, documents: answer.rows, baseCurrency: answer.baseCurrency, endOn: answer.endOn, periodDays: answer.periodDays }, context);
      }
      case 'cash': {
        const forecast = runEngine(() => forecastCash(book, { asOf: period.endOn, openingCashMinor: input.openingCashMinor, include: input.include }));
        const weeks = cashForecastTable(forecast, context);
        return { fileStem: weeks.fileStem, title: weeks.title, details: [], tables: [weeks, customerDelaysTable(forecast, context)] };
      }
      case 'scenarios': {
        if (input.scenarios.length === 0) throw new FinanceError('BAD_REQUEST', 'Choose at least one scenario to export.');
        const scenarios = input.scenarios.map((s) => {
          const parsed = scenarioSchema.safeParse(s);
          if (!parsed.success) throw new FinanceError('BAD_REQUEST', `Scenario “${String((s as { name?: unknown }).name ?? '')}” is not valid: ${parsed.error.issues.map((i) => i.message).join('; ')}.`);
          return parsed.data;
        });
        const s = summary();
        return scenariosTable(s.ratios, runEngine(() => compareScenarios(book, s.snapshot, scenarios)), context);
      }
      case 'anomalies':
        return anomaliesTable(runEngine(() => detectAnomalies(book, { asOf: period.endOn, periodDays: period.periodDays, costing: period.costing })), period.endOn, book.baseCurrency, context);
    }
  }

  return {
    async export(input: FinanceExportInput): Promise<ExportedFile> {
      const report = await build(input);
      // A CSV holds one table: the view's main one (the first); XLSX and PDF hold them all.
      const single = input.format === 'csv' && 'tables' in report ? report.tables[0]! : report;
      const [file] = await renderReport(single, input.format);
      return { fileName: file!.fileName, mimeType: REPORT_MIME_TYPES[input.format], base64: Buffer.from(file!.bytes).toString('base64') };
    },
  };
}

export type FinanceExports = ReturnType<typeof createFinanceExports>;
