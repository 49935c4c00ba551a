import { sql, type Kysely } from 'kysely';
import { protectTenantTable } from './protect-tenant-table';

// The finance scope's own data. Exchange rates per day; credit notes and prepayments (Xero's
// ACCRECCREDIT/ACCPAYCREDIT and RECEIVE/SPEND prepayments) with their allocations to invoices, or
// to nothing when the credit was refunded in cash; saved working-capital scenarios. And the kind
// of device an enrolment code makes: a finance workstation replicates the finance scope.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('fx_rates')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    // Units of `currency` per one unit of the tenant's base currency, as the engine reads it.
    .addColumn('per_base', 'numeric(20, 10)', (c) => c.notNull().check(sql`per_base > 0`))
    .addPrimaryKeyConstraint('fx_rates_pk', ['tenant_id', 'currency', 'day'])
    .execute();
  await db.schema.createTable('finance_credits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('ACCRECCREDIT', 'ACCPAYCREDIT', 'RECEIVE-PREPAYMENT', 'SPEND-PREPAYMENT')`))
    // A customer for ACCRECCREDIT and RECEIVE-PREPAYMENT, a supplier for the other two (as invoices.contact_id).
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    // Positive: what the credit is worth; allocations and refunds use it up.
    .addColumn('total_minor', 'bigint', (c) => c.notNull().check(sql`total_minor >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('AUTHORISED', 'PAID', 'VOIDED')`))
    .addColumn('external_ref', 'text')
    .addUniqueConstraint('finance_credits_ref_uq', ['tenant_id', 'external_ref'])
    .execute();
  await db.schema.createTable('finance_allocations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('credit_id', 'text', (c) => c.notNull().references('finance_credits.id').onDelete('cascade'))
    // Null: the credit was refunded in cash rather than allocated to an invoice.
    .addColumn('invoice_id', 'text', (c) => c.references('invoices.id'))
    .addColumn('allocated_on', 'date', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull().check(sql`amount_minor > 0`))
    .addColumn('external_ref', 'text')
    .execute();
  await db.schema.createIndex('finance_allocations_invoice_idx').on('finance_allocations').columns(['tenant_id', 'invoice_id']).execute();
  await db.schema.createIndex('finance_allocations_credit_idx').on('finance_allocations').columns(['tenant_id', 'credit_id']).execute();
  await db.schema.createTable('finance_scenarios')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scenario', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('finance_scenarios_name_uq', ['tenant_id', 'name'])
    .execute();
  for (const table of ['fx_rates', 'finance_credits', 'finance_allocations', 'finance_scenarios']) await protectTenantTable(db, table);
  // What the device made with this code is: `operator` (a plant-floor station) or `finance`.
  await db.schema.alterTable('device_enrollment_codes').addColumn('device_role', 'text', (c) => c.notNull().defaultTo('operator')).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('device_enrollment_codes').dropColumn('device_role').execute();
  for (const table of ['finance_scenarios', 'finance_allocations', 'finance_credits', 'fx_rates']) await db.schema.dropTable(table).execute();
}
