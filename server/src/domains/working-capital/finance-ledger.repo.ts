import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import type { FinanceLedgerRows, FxRateRow } from './finance-documents';
import type { LedgerMovementRow } from './inventory-months';

// What the finance scope is built from, one tenant at a time: contacts, invoices and what settled
// them, credits, rates, and the stock ledger with each item's category.

type Db = Kysely<Database> | Transaction<Database>;

export interface FinanceSourceRows extends FinanceLedgerRows {
  baseCurrency: string;
  customers: { id: string; name: string; currency: string; payment_terms_days: number }[];
  suppliers: { id: string; name: string; currency: string; payment_terms_days: number }[];
  fxRates: FxRateRow[];
  entities: { id: string; name: string }[];
}

/**
 * Whether the tenant keeps books here at all (contacts, invoices, credits or rates). A tenant
 * without has no finance scope: its stock alone says nothing a finance workstation would show.
 */
export async function hasFinanceData(db: Db, tenantId: string): Promise<boolean> {
  const exists = (table: 'customers' | 'suppliers' | 'invoices' | 'finance_credits' | 'fx_rates') =>
    sql<boolean>`exists (select 1 from ${sql.table(table)} where tenant_id = ${tenantId})`;
  const row = await db.selectNoFrom([
    exists('customers').as('customers'), exists('suppliers').as('suppliers'), exists('invoices').as('invoices'),
    exists('finance_credits').as('credits'), exists('fx_rates').as('rates'),
  ]).executeTakeFirstOrThrow();
  return Object.values(row).some(Boolean);
}

export async function readFinanceSource(db: Db, tenantId: string): Promise<FinanceSourceRows | null> {
  const tenant = await db.selectFrom('tenants').select('base_currency').where('id', '=', tenantId).executeTakeFirst();
  if (!tenant) return null;
  const contactColumns = ['id', 'name', 'currency', 'payment_terms_days'] as const;
  // One after another: inside a transaction they share one connection anyway.
  const customers = await db.selectFrom('customers').select(contactColumns).where('tenant_id', '=', tenantId).orderBy('id').execute();
  const suppliers = await db.selectFrom('suppliers').select(contactColumns).where('tenant_id', '=', tenantId).orderBy('id').execute();
  const invoices = await db.selectFrom('invoices')
    .select(['id', 'type', 'contact_id', 'number', 'issued_on', 'due_on', 'currency', 'total_minor', 'amount_paid_minor', 'status', 'fully_paid_on', 'entity_id'])
    .where('tenant_id', '=', tenantId).orderBy('id').execute();
  const payments = await db.selectFrom('payments').select(['invoice_id', 'paid_on', 'amount_minor']).where('tenant_id', '=', tenantId).orderBy('id').execute();
  const credits = await db.selectFrom('finance_credits').select(['id', 'type', 'contact_id', 'number', 'issued_on', 'currency', 'total_minor', 'status', 'entity_id'])
    .where('tenant_id', '=', tenantId).orderBy('id').execute();
  const allocations = await db.selectFrom('finance_allocations').select(['credit_id', 'invoice_id', 'allocated_on', 'amount_minor'])
    .where('tenant_id', '=', tenantId).orderBy('id').execute();
  const fxRates = await db.selectFrom('fx_rates').select(['currency', 'day', 'per_base']).where('tenant_id', '=', tenantId).orderBy('currency').orderBy('day').execute();
  const entities = await db.selectFrom('legal_entities').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('id').execute();
  return { baseCurrency: tenant.base_currency, customers, suppliers, invoices, payments, credits, allocations, fxRates, entities };
}

/** The tenant's stock ledger in posting order, with each item's category. */
export async function readLedgerMovements(db: Db, tenantId: string): Promise<LedgerMovementRow[]> {
  return db.selectFrom('stock_movements as m')
    .innerJoin('items as i', (j) => j.onRef('i.id', '=', 'm.item_id').onRef('i.tenant_id', '=', 'm.tenant_id'))
    .select(['m.item_id', 'i.category', 'm.kind', 'm.quantity', 'm.unit_cost_minor', 'm.occurred_at'])
    .where('m.tenant_id', '=', tenantId)
    .orderBy('m.occurred_at').orderBy('m.id')
    .execute();
}

/** Tenants that keep books here, for the nightly refresh. */
export async function listFinanceTenants(db: Db): Promise<string[]> {
  const tenants = await db.selectFrom('tenants').select('id').orderBy('id').execute();
  const withBooks: string[] = [];
  for (const { id } of tenants) if (await hasFinanceData(db, id)) withBooks.push(id);
  return withBooks;
}
