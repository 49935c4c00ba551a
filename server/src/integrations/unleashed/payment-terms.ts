/**
 * Days until payment from a supplier's payment term as Unleashed writes it (free text chosen from
 * the account's list). Best effort, by this rule:
 * - "30 days", "Net 30", "30 days from invoice", "within 7 days" → that number of days;
 * - "20th Month following", "20th of the following month", "Due 20th next month", "20 MF" → 15 + 20 = 35: an invoice
 *   dated on an average day (the 15th) is paid on the 20th of the next month, 35 days later;
 * - "End of month", "EOM" → 15 (half a month on average); "30 days EOM" / "30 days end of month" → 45;
 * - "Cash", "COD", "Cash on delivery", "Due on receipt", "Immediate", "Prepaid", "Pro forma" → 0;
 * - anything else (or nothing) → null: the caller keeps what it had, or its default.
 */
export function paymentTermDays(term: string | null | undefined): number | null {
  const text = (term ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === '') return null;
  if (/\b(cash|c\.?o\.?d|due on receipt|on receipt|immediate(ly)?|prepaid|prepayment|pro ?forma|in advance)\b/.test(text)) return 0;
  const dayOfNextMonth = /\b(\d{1,2})(st|nd|rd|th)?\b.*\b(month following|following month|next month|m\/?f)\b/.exec(text);
  if (dayOfNextMonth) return AVERAGE_DAYS_LEFT_IN_MONTH + Number(dayOfNextMonth[1]);
  const endOfMonth = /\b(eom|end of (the )?month)\b/.test(text);
  const days = /\b(\d{1,3}) ?(days?|d)\b/.exec(text) ?? /\bnet ?(\d{1,3})\b/.exec(text);
  if (days) return Number(days[1]) + (endOfMonth ? AVERAGE_DAYS_LEFT_IN_MONTH : 0);
  if (endOfMonth) return AVERAGE_DAYS_LEFT_IN_MONTH;
  return null;
}

/** An invoice dated on an average day of its month waits this long for the month to end. */
const AVERAGE_DAYS_LEFT_IN_MONTH = 15;
