import { minorToMajor, slug, type ReportColumn } from '../../reports/report-table';
import type { FxGap } from '../fx';
import { minorDigits } from '../money';

// What every finance report table shares: money in the base currency's major units, the lines
// that say when and from what data it was made, and file names.

/** When the report was made and how fresh its data is, for the lines above each table. */
export interface FinanceReportContext {
  /** ISO timestamp. */
  generatedAt: string;
  /** The finance data's last refresh (`finance_profile.asOf`), null when unknown. */
  dataAsOf?: string | null;
  /** Whose figures: the company's name, for titles. */
  company?: string;
  /** Which documents the figures were made from when not all: `of <entity>`, `in <currency>` or both. */
  only?: string;
}

export interface Money { currency: string; digits: number; major(minor: number): number; majorOrNull(minor: number | null): number | null }

export function money(currency: string): Money {
  const digits = minorDigits(currency);
  const major = (minor: number) => minorToMajor(minor, digits);
  return { currency, digits, major, majorOrNull: (minor) => (minor === null ? null : major(minor)) };
}

export const text = (header: string, width: number, key?: string): ReportColumn => ({ header, kind: 'text', width, ...(key ? { key } : {}) });
export const amount = (header: string, key: string, total = false, width = 13): ReportColumn => ({ header, kind: 'money', width, key, ...(total ? { total } : {}) });

/** The lines every table carries: when it was made, from data as of when, in which currency. */
export function contextLines(context: FinanceReportContext, currency: string): string[] {
  const lines = [`Amounts in ${currency} (base currency). Generated ${context.generatedAt}`];
  lines.push(context.dataAsOf ? `Finance data as of ${context.dataAsOf}` : 'Finance data: freshness unknown');
  if (context.only) lines.push(`Only the documents ${context.only}`);
  return lines;
}

/** A line naming what was left out for want of an exchange rate, or none. */
export function fxGapLines(gaps: readonly FxGap[]): string[] {
  if (gaps.length === 0) return [];
  const what = gaps.map((g) => `${g.currency} (${g.documentIds.length} document(s), no rate on or before ${g.day})`).join(', ');
  return [`Left out of the base-currency figures for want of an exchange rate: ${what}`];
}

/** `dso-by-customer-2026-03-31`: what and as of when, file-name safe. */
export function stem(what: string, day: string): string {
  return `${slug(what, 'finance')}-${day}`;
}

/** The standard fonts of the PDF have no true minus sign; formulas are printed with a hyphen. */
export function plainFormula(formula: string): string {
  return formula.replaceAll('−', '-');
}
