import type { Insertable } from 'kysely';
import type { CreditType, FinanceCreditsTable } from '../../db/finance.schema';
import { addDays } from './dates';
import { DEMO_TENANT_ID } from './demo.types';
import type { CreditApplied, InvoiceDraft } from './finance.model';
import { fromGbp, type PER_GBP } from './fx';
import type { Rng } from './prng';

// The few credits a real ledger always has, so the finance screens show Xero's cases: credit notes
// for goods returned or short-shipped, allocated to the invoice they correct; one credit note not
// yet allocated (a customer's credit balance); a deposit received before an invoice and allocated
// to it; and a supplier's credit note against one of our bills.

export interface CreditPlan {
  credits: Insertable<FinanceCreditsTable>[];
  /** What to apply to each invoice, by invoice id. */
  applied: Map<string, CreditApplied>;
}

type Numbered = InvoiceDraft & { voided?: boolean };

function credit(type: CreditType, id: string, number: string, source: { contactId: string; currency: string }, issuedOn: string, totalMinor: number, allocated: boolean): Insertable<FinanceCreditsTable> {
  return {
    id, tenant_id: DEMO_TENANT_ID, type, contact_id: source.contactId, number, issued_on: issuedOn, currency: source.currency,
    total_minor: totalMinor, status: allocated ? 'PAID' : 'AUTHORISED',
  };
}

/** A share of an invoice's total, in whole units of its currency. */
const share = (totalMinor: number, fraction: number) => Math.max(100, Math.round((totalMinor * fraction) / 100) * 100);

/**
 * Credit notes on a few trade invoices (about one in a hundred), one unallocated credit note, and
 * one prepayment; `trade` holds the trade customers' invoices in issue order.
 */
export function planCustomerCredits(rng: Rng, trade: readonly Numbered[], startDate: string, endDate: string): CreditPlan {
  const plan: CreditPlan = { credits: [], applied: new Map() };
  const open = trade.filter((d) => !d.voided);
  let seq = 0;
  const next = () => String(++seq).padStart(4, '0');
  const creditable = rng.shuffle(open.filter((d) => d.issuedOn <= addDays(endDate, -25)));
  for (const invoice of creditable.slice(0, Math.max(2, Math.round(open.length / 100)))) {
    const n = next();
    const issuedOn = addDays(invoice.issuedOn, rng.int(3, 20));
    const amount = share(invoice.totalMinor, rng.range(0.05, 0.2));
    plan.credits.push(credit('ACCRECCREDIT', `crd_demo_c${n}`, `CN-${n}`, invoice, issuedOn, amount, true));
    plan.applied.set(invoice.id, { id: `alc_demo_c${n}`, creditId: `crd_demo_c${n}`, on: issuedOn, amountMinor: amount });
  }
  const last = open.at(-1);
  if (last) {
    const n = next();
    const currency = last.currency as keyof typeof PER_GBP;
    plan.credits.push(credit('ACCRECCREDIT', `crd_demo_c${n}`, `CN-${n}`, last, addDays(endDate, -rng.int(3, 25)), fromGbp(rng.int(300, 900) * 100, currency), false));
  }
  // A deposit taken 10 to 30 days before an invoice of the last half year, allocated when it was raised.
  const recent = open.filter((d) => d.issuedOn >= addDays(endDate, -180) && d.issuedOn >= addDays(startDate, 30) && !plan.applied.has(d.id));
  if (recent.length > 0) {
    const invoice = rng.pick(recent);
    const amount = share(invoice.totalMinor, 0.4);
    plan.credits.push(credit('RECEIVE-PREPAYMENT', 'crd_demo_pp0001', 'PP-0001', invoice, addDays(invoice.issuedOn, -rng.int(10, 30)), amount, true));
    plan.applied.set(invoice.id, { id: 'alc_demo_pp0001', creditId: 'crd_demo_pp0001', on: invoice.issuedOn, amountMinor: amount });
  }
  return plan;
}

/** A supplier's credit note against one bill in about fifteen hundred (at least one). */
export function planSupplierCredits(rng: Rng, bills: readonly Numbered[], endDate: string): CreditPlan {
  const plan: CreditPlan = { credits: [], applied: new Map() };
  const creditable = rng.shuffle(bills.filter((b) => b.totalMinor >= 10_000 && b.issuedOn <= addDays(endDate, -20)));
  creditable.slice(0, Math.max(1, Math.round(bills.length / 1_500))).forEach((bill, i) => {
    const n = String(i + 1).padStart(4, '0');
    const issuedOn = addDays(bill.issuedOn, rng.int(5, 15));
    const amount = share(bill.totalMinor, rng.range(0.03, 0.1));
    plan.credits.push(credit('ACCPAYCREDIT', `crd_demo_s${n}`, `SCN-${n}`, bill, issuedOn, amount, true));
    plan.applied.set(bill.id, { id: `alc_demo_s${n}`, creditId: `crd_demo_s${n}`, on: issuedOn, amountMinor: amount });
  });
  return plan;
}
