import { formatMoney } from '../format';

// What the Finance screen says in words and figures: every ratio beside the sum that makes it.

const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** Days with one decimal ("45.5 days"); a ratio without a value is a dash (its reason is shown beside it). */
export function formatDays(days: number | null): string {
  return days === null ? '—' : `${oneDecimal.format(days)} days`;
}

/** Days as a bare number for tables and chart labels ("45.5"). */
export function formatDayNumber(days: number | null): string {
  return days === null ? '—' : oneDecimal.format(days);
}

/** Signed days for a scenario's change ("+5.2", "−3.0", "0.0"). */
export function formatDayChange(days: number | null): string {
  if (days === null) return '—';
  const text = oneDecimal.format(Math.abs(days));
  return days > 0.05 ? `+${text}` : days < -0.05 ? `−${text}` : text;
}

export interface RatioParts { numeratorLabel: string; numeratorMinor: number; denominatorLabel: string; denominatorMinor: number; days: number }

/** The sum behind a ratio, with its figures: "AR £2,125.00 ÷ revenue £4,200.00 × 90 days". */
export function ratioWorking(ratio: RatioParts, currency: string): string {
  return `${ratio.numeratorLabel} ${formatMoney(ratio.numeratorMinor, currency)} ÷ ${ratio.denominatorLabel} ${formatMoney(ratio.denominatorMinor, currency)} × ${whole.format(ratio.days)} days`;
}

/** The cycle's sum: "DIO 99.0 + DSO 45.5 − DPO 130.5". */
export function cycleWorking(dio: number | null, dso: number | null, dpo: number | null): string {
  return `DIO ${formatDayNumber(dio)} + DSO ${formatDayNumber(dso)} − DPO ${formatDayNumber(dpo)}`;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** An ISO day as a date, read as UTC so no time zone moves it ("31 Mar 2026"). */
export function formatDay(iso: string): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : dayFormat.format(date);
}

/** Money in a currency, or a dash when it could not be converted. */
export function formatMaybeMoney(minor: number | null, currency: string): string {
  return minor === null ? '—' : formatMoney(minor, currency);
}

export const DOCUMENT_TYPE_LABELS: Record<string, string> = {
  ACCREC: 'Invoice', ACCPAY: 'Bill', ACCRECCREDIT: 'Credit note', ACCPAYCREDIT: 'Supplier credit',
  'RECEIVE-PREPAYMENT': 'Prepayment received', 'SPEND-PREPAYMENT': 'Prepayment paid',
};

/** Days past due in words: "14 days overdue", "due in 3 days", "due today"; paid when nothing is open. */
export function describeDue(daysPastDue: number | null): string {
  if (daysPastDue === null) return 'Settled';
  if (daysPastDue > 0) return `${whole.format(daysPastDue)} ${daysPastDue === 1 ? 'day' : 'days'} overdue`;
  if (daysPastDue === 0) return 'Due today';
  return `Due in ${whole.format(-daysPastDue)} ${daysPastDue === -1 ? 'day' : 'days'}`;
}

/** A payment delay against the due date: "11.0 days after the due date", "9.0 days before it", "on the due date". */
export function describeDelay(days: number): string {
  if (Math.abs(days) < 0.05) return 'on the due date';
  return `${oneDecimal.format(Math.abs(days))} days ${days > 0 ? 'after' : 'before'} the due date`;
}
