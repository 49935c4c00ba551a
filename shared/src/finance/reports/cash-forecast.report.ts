import type { Cell, ReportTable } from '../../reports/report-table';
import type { CashForecast } from '../cash-forecast';
import { amount, contextLines, fxGapLines, money, stem, text, type FinanceReportContext } from './report-columns';

// The 13-week cash forecast as a spreadsheet a treasurer would build: flows per week, inflows,
// outflows and net as formulas, each week opening on the last one's closing, and the band (cash
// if customers pay late or early) beside it.

const BASIS_LABELS = { customer_history: 'own history', company_history: 'company history', terms: 'terms' } as const;

export function cashForecastTable(forecast: CashForecast, context: FinanceReportContext): ReportTable {
  const m = money(forecast.baseCurrency);
  const beyond = forecast.beyondHorizon;
  const lastKey = `w${forecast.weeks.length}`;
  return {
    fileStem: stem(`cash-forecast-${forecast.weeks.length}-weeks`, forecast.asOf),
    title: `Cash forecast - ${forecast.weeks.length} weeks from ${forecast.asOf}`,
    sheetName: 'Cash forecast',
    details: [
      `Opening cash ${m.major(forecast.openingCashMinor).toFixed(m.digits)} ${m.currency} on ${forecast.asOf}. Receivables when each customer usually pays (band: their 10th and 90th percentile delays); bills on their terms`,
      ...cashPlanLines(forecast),
      `Beyond the horizon: receivables ${m.major(beyond.receivable).toFixed(m.digits)}, payables ${m.major(-beyond.payable).toFixed(m.digits)}, forecast sales ${m.major(beyond.forecast_sales).toFixed(m.digits)}, planned purchases ${m.major(-beyond.planned_purchase).toFixed(m.digits)}`,
      ...contextLines(context, m.currency), ...fxGapLines(forecast.fxGaps),
    ],
    columns: [
      { header: 'Week', kind: 'integer', width: 5 }, { header: 'From', kind: 'date', width: 11 }, { header: 'To', kind: 'date', width: 11 },
      amount('Opening', 'opening'), amount('Receivables', 'receivables', true), amount('Forecast sales', 'sales', true),
      amount('Payables', 'payables', true), amount('Planned purchases', 'purchases', true),
      amount('Inflows', 'in', true), amount('Outflows', 'out', true), amount('Net', 'net', true), amount('Closing', 'closing'),
      amount('Closing if late', 'low'), amount('Closing if early', 'high'),
    ],
    rows: forecast.weeks.map((w, i): Cell[] => [
      w.index + 1, w.weekStart, w.weekEnd,
      i === 0 ? m.major(w.openingMinor) : { formula: `{closing@w${i}}`, value: m.major(w.openingMinor) },
      m.major(w.receivablesMinor), m.major(w.forecastSalesMinor), m.major(w.payablesMinor), m.major(w.plannedPurchasesMinor),
      { formula: '{receivables}+{sales}', value: m.major(w.inflowsMinor) }, { formula: '{payables}+{purchases}', value: m.major(w.outflowsMinor) },
      { formula: '{in}-{out}', value: m.major(w.netMinor) }, { formula: '{opening}+{net}', value: m.major(w.closingMinor) },
      m.major(w.closingLowMinor), m.major(w.closingHighMinor),
    ]),
    rowKeys: Object.fromEntries(forecast.weeks.map((_, i) => [`w${i + 1}`, i])),
    totalsLabel: 'Total',
    totalCells: forecast.weeks.length === 0 ? {} : {
      opening: { formula: '{opening@w1}', value: m.major(forecast.openingCashMinor) },
      closing: { formula: `{closing@${lastKey}}`, value: m.major(forecast.weeks.at(-1)!.closingMinor) },
    },
    moneyDigits: m.digits,
    currency: m.currency,
  };
}

/**
 * Where the forecast's planned flows come from, in words for the screen and the exported
 * files alike: the sales outlook's margin and run, and the open purchase orders.
 */
export function cashPlanLines(forecast: Pick<CashForecast, 'plan' | 'baseCurrency'>): string[] {
  const m = money(forecast.baseCurrency);
  const { salesOutlook: sales, openOrders } = forecast.plan;
  const unpriced = sales && sales.unpricedItems > 0 ? `; ${sales.unpricedItems} forecast item(s) without a selling price in the last year are left out` : '';
  return [
    sales
      ? `Forecast sales: ${sales.marginPct}% margin on the revenue the demand forecasts of ${sales.generatedAt.slice(0, 10)} expect (${sales.pricedItems} item(s) at their recent net selling price${unpriced}), collected after the company's usual days to pay`
      : 'Forecast sales: none (no demand forecast with a selling price, or left out)',
    openOrders.count > 0
      ? `Planned purchases: ${openOrders.count} open purchase order(s), ${m.major(openOrders.amountBaseMinor).toFixed(m.digits)} ${m.currency}, paid on the supplier's terms after the expected delivery`
      : 'Planned purchases: no open purchase orders taken',
  ];
}

/** How late each customer pays, which places its receivables in the forecast. */
export function customerDelaysTable(forecast: CashForecast, context: FinanceReportContext): ReportTable {
  const company = forecast.companyDelay;
  return {
    fileStem: stem('payment-delays', forecast.asOf),
    title: `Customer payment delays - ${forecast.asOf}`,
    sheetName: 'Payment delays',
    details: [
      company ? `Company: median ${company.p50} days after due (10th percentile ${company.p10}, 90th ${company.p90}) over ${company.sampleSize} invoice(s)` : 'No settled invoices in the history: receivables are expected on their due dates',
      ...contextLines(context, forecast.baseCurrency),
    ],
    columns: [
      text('Customer', 28), text('Delays from', 16), { header: 'Invoices', kind: 'integer', width: 9 },
      { header: 'Mean', kind: 'days', width: 10 }, { header: 'Early (p10)', kind: 'days', width: 10 },
      { header: 'Median (p50)', kind: 'days', width: 10 }, { header: 'Late (p90)', kind: 'days', width: 10 },
    ],
    rows: forecast.customerDelays.map((d): Cell[] => [d.name, BASIS_LABELS[d.basis], d.sampleSize, d.meanDays, d.p10, d.p50, d.p90]),
    totalsLabel: '',
    moneyDigits: 0,
  };
}
