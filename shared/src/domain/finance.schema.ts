import { z } from 'zod';

/**
 * The finance documents replicated to finance workstations (scope `finance`, tenant-wide), so the
 * working-capital engine in shared/src/finance runs the same on the server and offline on the
 * desktop. Money is integer minor units in the document's currency; dates are ISO days (UTC).
 */

export const financeContactSchema = z.object({
  id: z.string(),
  kind: z.enum(['customer', 'supplier']),
  name: z.string(),
  currency: z.string(),
  paymentTermsDays: z.number().int(),
});
export type FinanceContact = z.infer<typeof financeContactSchema>;

/** Money moving against a document: a payment, or an allocation of a credit note or prepayment. */
export const settlementSchema = z.object({
  on: z.string(),
  amountMinor: z.number().int(),
  kind: z.enum(['payment', 'credit_note', 'prepayment', 'overpayment']),
  /** The credit note / prepayment applied, when not a payment. */
  sourceId: z.string().nullable(),
});
export type Settlement = z.infer<typeof settlementSchema>;

/**
 * An invoice or bill (ACCREC/ACCPAY), a credit note (ACCRECCREDIT/ACCPAYCREDIT) or a prepayment
 * as Xero defines them. Credit notes and prepayments carry positive totals: they reduce what is
 * owed through `settlements` on the invoices they are allocated to, and count against the
 * balance themselves while unallocated.
 */
export const financeDocumentSchema = z.object({
  id: z.string(),
  type: z.enum(['ACCREC', 'ACCPAY', 'ACCRECCREDIT', 'ACCPAYCREDIT', 'RECEIVE-PREPAYMENT', 'SPEND-PREPAYMENT']),
  contactId: z.string(),
  number: z.string(),
  issuedOn: z.string(),
  dueOn: z.string(),
  currency: z.string(),
  totalMinor: z.number().int(),
  status: z.enum(['AUTHORISED', 'PAID', 'VOIDED']),
  settlements: z.array(settlementSchema),
  /** The legal entity whose books hold it (an id in the profile's `entities`); absent in a single set of books. */
  entityId: z.string().optional(),
});
export type FinanceDocument = z.infer<typeof financeDocumentSchema>;

/** Units of `currency` per one unit of the tenant's base currency on `day` (the stored rate). */
export const fxRateSchema = z.object({
  currency: z.string(),
  day: z.string(),
  perBase: z.number().positive(),
});
export type FxRate = z.infer<typeof fxRateSchema>;

/**
 * One item's stock value and cost of goods sold in one month, from the stock ledger, in the base
 * currency: moving average cost and FIFO side by side so the screen can switch.
 */
export const inventoryMonthSchema = z.object({
  itemId: z.string(),
  category: z.string(),
  /** First day of the month, ISO. */
  month: z.string(),
  closingQuantity: z.number(),
  closingValueMinor: z.number().int(),
  closingValueFifoMinor: z.number().int(),
  cogsMinor: z.number().int(),
  cogsFifoMinor: z.number().int(),
  /** Units issued or shipped in the month (for slow-moving stock). */
  outQuantity: z.number(),
});
export type InventoryMonth = z.infer<typeof inventoryMonthSchema>;

/** A legal entity whose books the tenant keeps: a company of the group, or a connected organisation. */
export const legalEntitySchema = z.object({ id: z.string(), name: z.string() });
export type LegalEntity = z.infer<typeof legalEntitySchema>;

/** The tenant's finance settings as the engine needs them. */
export const financeProfileSchema = z.object({
  baseCurrency: z.string(),
  /** When the finance scope's data was last refreshed on the server (ISO timestamp). */
  asOf: z.string(),
  /** The legal entities the documents name, by name; absent when the tenant keeps one set of books. */
  entities: z.array(legalEntitySchema).optional(),
});
export type FinanceProfile = z.infer<typeof financeProfileSchema>;

/**
 * An open purchase order as the cash it will take (entity `planned_purchase`, id the order's id):
 * its total in its own currency, paid on the supplier's terms after the expected delivery.
 */
export const plannedPurchaseSchema = z.object({
  id: z.string(),
  number: z.string(),
  supplierId: z.string().nullable(),
  expectedOn: z.string(),
  payOn: z.string(),
  amountMinor: z.number().int(),
  currency: z.string(),
});
export type PlannedPurchaseDocument = z.infer<typeof plannedPurchaseSchema>;

/** One week of revenue the demand forecasts expect, in base minor units, with its 95% band. */
export const salesOutlookWeekSchema = z.object({
  weekStart: z.string(),
  revenueMinor: z.number().int(),
  lowMinor: z.number().int(),
  highMinor: z.number().int(),
});
export type SalesOutlookWeek = z.infer<typeof salesOutlookWeekSchema>;

/**
 * The demand forecasts priced at each item's recent selling price (entity `sales_outlook`, one row):
 * weekly revenue and the margin it leaves after the items' unit costs, for the cash forecast.
 */
export const salesOutlookSchema = z.object({
  /** The forecast run the outlook comes from, and when it was made. */
  runId: z.string(),
  generatedAt: z.string(),
  weeks: z.array(salesOutlookWeekSchema),
  /** Revenue less unit cost, as a share of revenue over the whole outlook (−100 to 100). */
  marginPct: z.number().min(-100).max(100),
  /** Forecast items priced from their sales, and those left out for want of a selling price. */
  pricedItems: z.number().int(),
  unpricedItems: z.number().int(),
});
export type SalesOutlook = z.infer<typeof salesOutlookSchema>;

// Ids of the finance scope's replicated rows (entity, id): contacts and documents by their own
// id; these three by what makes them unique, so a tombstone names the row to drop.

/** The id of an `fx_rate` row: `<currency>|<day>`. */
export function fxRateId(currency: string, day: string): string {
  return `${currency}|${day}`;
}

/** The id of an `inventory_month` row: `<itemId>|<month>`. */
export function inventoryMonthId(itemId: string, month: string): string {
  return `${itemId}|${month}`;
}

/** The one `finance_profile` row of a tenant's finance scope. */
export const FINANCE_PROFILE_ID = 'profile';

/** The one `sales_outlook` row of a tenant's finance scope. */
export const SALES_OUTLOOK_ID = 'sales-outlook';
