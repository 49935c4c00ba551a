// `npm run bench:finance`: the working-capital engine (issue 8, "Proof") on a seeded manufacturer:
// 50,000 invoices and bills with payments and credit notes, 2,000 items whose 24 months of
// InventoryMonth come from two years of stock ledger. Times every ratio (30/90/365 days, drill-downs,
// a 12-month trend each) with AR and AP aging — from the raw documents, indexing included — and the
// 13-week cash forecast. Each is run once cold, then 5 times; the median is reported. Progress to
// stderr; one JSON line to stdout. Targets are reported, never asserted.
import os from 'node:os';
import { computeAging } from '@capliquify/shared/finance/aging';
import { detectAnomalies } from '@capliquify/shared/finance/anomalies';
import { forecastCash } from '@capliquify/shared/finance/cash-forecast';
import { buildSalesOutlook } from '@capliquify/shared/finance/sales-outlook';
import { prepareFinanceBook, type FinanceBook } from '@capliquify/shared/finance/finance-book';
import { valueInventory } from '@capliquify/shared/finance/inventory-valuation';
import { dioByCategory, dioByItem, dpoBySupplier, dsoByCustomer } from '@capliquify/shared/finance/ratio-drilldowns';
import { ratioTrend } from '@capliquify/shared/finance/ratio-trend';
import { computeRatios, RATIO_FORMULAS } from '@capliquify/shared/finance/ratios';
import { RATIO_PERIODS } from '@capliquify/shared/finance/working-capital-snapshot';
import { addDays } from '@capliquify/shared/finance/days';
import { BENCH_AS_OF, financeDocuments, stockLedger } from './bench/finance-fixture';
import { percentile, round } from './bench/bench-stats';
import { benchLog, runBench } from './bench/run-bench';

const env = {
  documents: Number(process.env.BENCH_FINANCE_DOCUMENTS ?? 50_000),
  items: Number(process.env.BENCH_FINANCE_ITEMS ?? 2_000),
  runs: Number(process.env.BENCH_FINANCE_RUNS ?? 5),
};
const TARGETS = { metrics_ms: 500, cash_forecast_ms: 1_000 };

/** CPU time of this process (all its threads, the GC's included), in ms. */
const cpuMs = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };

/**
 * Runs `work` once cold, then `env.runs` times: wall-clock median, and the median CPU time, which
 * says what the work costs when other processes share the cores (wall time then includes waiting).
 */
function timed<T>(label: string, work: () => T): { result: T; coldMs: number; medianMs: number; cpuMs: number } {
  let started = performance.now();
  const result = work();
  const coldMs = performance.now() - started;
  const runs: number[] = [], cpu: number[] = [];
  for (let i = 0; i < env.runs; i++) {
    const cpuStart = cpuMs();
    started = performance.now();
    work();
    runs.push(performance.now() - started);
    cpu.push(cpuMs() - cpuStart);
  }
  const medianMs = percentile(runs, 50);
  benchLog(`${label}: cold ${round(coldMs)} ms, median of ${env.runs} ${round(medianMs)} ms (CPU ${round(percentile(cpu, 50))} ms)`);
  return { result, coldMs, medianMs, cpuMs: percentile(cpu, 50) };
}

/** Everything the Finance dashboard shows on open, from the raw documents. */
function allMetrics(data: Parameters<typeof prepareFinanceBook>[0]) {
  const book = prepareFinanceBook(data);
  const out = [];
  for (const periodDays of RATIO_PERIODS) {
    const { snapshot, ratios } = computeRatios(book, { endOn: BENCH_AS_OF, periodDays });
    out.push({
      ratios, customers: dsoByCustomer(book, snapshot).length, suppliers: dpoBySupplier(book, snapshot).length,
      items: dioByItem(snapshot).length, categories: dioByCategory(snapshot).length,
      trend: ratioTrend(book, { endOn: BENCH_AS_OF, periodDays, months: 12 }).length,
    });
  }
  const ar = computeAging(book, { ledger: 'AR', asOf: BENCH_AS_OF });
  const ap = computeAging(book, { ledger: 'AP', asOf: BENCH_AS_OF });
  return { book, out, ar, ap };
}

/** Every item forecast at two sites for 13 weeks, as the forecast job leaves them, and its price and cost. */
function itemForecasts(items: number) {
  const forecasts = [], economics = new Map<string, { priceMinor: number; unitCostMinor: number }>();
  for (let i = 0; i < items; i++) {
    const itemId = `item-${i}`;
    economics.set(itemId, { priceMinor: 1_000 + (i % 97) * 50, unitCostMinor: 600 + (i % 89) * 30 });
    for (const site of ['plant', 'warehouse']) {
      const level = 5 + (i % 40);
      forecasts.push({ itemId, site, points: Array.from({ length: 13 }, (_, w) => ({ period: addDays(BENCH_AS_OF, 7 * w), yhat: level, lo95: level * 0.6, hi95: level * 1.4 })) });
    }
  }
  return { forecasts, economics };
}

/** The open purchase orders the finance scope plans: 500, one in five in dollars. */
const openOrders = Array.from({ length: 500 }, (_, i) => ({
  id: `po-${i}`, number: `PO-${i}`, supplierId: null, expectedOn: addDays(BENCH_AS_OF, i % 60), payOn: addDays(BENCH_AS_OF, 30 + (i % 60)), amountMinor: 1_200_000 + i * 1_000, currency: i % 5 === 0 ? 'USD' : 'GBP',
}));

/** The cash forecast as the workstation runs it: the book's sales outlook and open orders, and one purchase typed in. */
function cashForecast(book: FinanceBook) {
  return forecastCash(book, { asOf: BENCH_AS_OF, openingCashMinor: 250_000_000, plannedPurchases: [{ id: 'typed', payOn: addDays(BENCH_AS_OF, 10), amountMinor: 5_000_000, currency: 'GBP' }] });
}

runBench(async () => {
  benchLog(`generating ${env.documents} invoices and bills, ${env.items} items × 2 years of ledger`);
  const docs = financeDocuments(env.documents);
  const ledger = stockLedger(env.items);
  benchLog(`${docs.documents.length} documents (credit notes and prepayments included), ${docs.documents.reduce((a, d) => a + d.settlements.length, 0)} settlements, ${ledger.length} ledger movements`);
  const valuation = timed('inventory valuation (MAC + FIFO, per item and month)', () => valueInventory(ledger, { through: BENCH_AS_OF }));
  const inventoryMonths = valuation.result;
  benchLog(`${inventoryMonths.length} InventoryMonth rows`);
  const data = { baseCurrency: 'GBP', ...docs, inventoryMonths, inventoryThrough: BENCH_AS_OF };
  const metrics = timed('all ratios (30/90/365, drill-downs, 12-month trends) + AR/AP aging, from raw documents', () => allMetrics(data));
  const { book, out, ar, ap } = metrics.result;
  const prepare = timed('of which indexing the documents', () => prepareFinanceBook(data));
  for (const { ratios } of out) {
    benchLog(`${ratios.periodDays} days: DSO ${round(ratios.dso.value ?? Number.NaN)} DPO ${round(ratios.dpo.value ?? Number.NaN)} DIO ${round(ratios.dio.value ?? Number.NaN)} CCC ${round(ratios.ccc.value ?? Number.NaN)}  (${RATIO_FORMULAS.ccc})`);
  }
  benchLog(`AR aging ${ar.rows.length} open rows, ${ar.contacts.length} customers; AP aging ${ap.rows.length} rows; FX gaps ${ar.fxGaps.length + ap.fxGaps.length}`);
  const { forecasts, economics } = itemForecasts(env.items);
  const outlook = timed(`sales outlook from ${forecasts.length} item forecasts`, () => buildSalesOutlook(forecasts, economics, { runId: 'bench', generatedAt: `${BENCH_AS_OF}T03:00:00.000Z` }));
  benchLog(`outlook: ${outlook.result!.weeks.length} weeks at ${outlook.result!.marginPct}% margin`);
  const planned = prepareFinanceBook({ ...data, salesOutlook: outlook.result, plannedPurchases: openOrders });
  const forecast = timed('13-week cash forecast (open documents, sales outlook, 500 open orders)', () => cashForecast(planned));
  const last = forecast.result.weeks[12]!;
  benchLog(`cash in week 13: ${last.closingLowMinor} … ${last.closingMinor} … ${last.closingHighMinor} (minor units), ${forecast.result.flows.length} flows`);
  const anomalies = timed('anomalies', () => detectAnomalies(book, { asOf: BENCH_AS_OF }));
  benchLog(`${anomalies.result.length} alerts`);
  return {
    metrics_ms: round(metrics.medianMs), cash_forecast_ms: round(forecast.medianMs),
    metrics_cold_ms: round(metrics.coldMs), cash_forecast_cold_ms: round(forecast.coldMs),
    metrics_cpu_ms: round(metrics.cpuMs), cash_forecast_cpu_ms: round(forecast.cpuMs), load_average: round(os.loadavg()[0]!, 1),
    prepare_ms: round(prepare.medianMs), sales_outlook_ms: round(outlook.medianMs), valuation_ms: round(valuation.medianMs), anomalies_ms: round(anomalies.medianMs),
    documents: docs.documents.length, invoices_and_bills: env.documents, items: env.items, ledger_movements: ledger.length, inventory_months: inventoryMonths.length,
    targets: TARGETS,
  };
});
