import type { Kysely } from 'kysely';
import { protectTenantTable } from './protect-tenant-table';

// A tenant may keep the books of several legal entities (a UK company and its EU subsidiary,
// each its own Xero organisation): each entity named once, and the invoices, bills and credits
// that belong to one. Null keeps a document in the tenant's single set of books, as before.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('legal_entities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // The connected organisation (a Xero integration) whose books the entity's documents come from.
    .addColumn('integration_id', 'text', (c) => c.references('integrations.id').unique())
    .addUniqueConstraint('legal_entities_name_uq', ['tenant_id', 'name'])
    .execute();
  await protectTenantTable(db, 'legal_entities');
  for (const table of ['invoices', 'finance_credits']) {
    await db.schema.alterTable(table).addColumn('entity_id', 'text', (c) => c.references('legal_entities.id')).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['invoices', 'finance_credits']) await db.schema.alterTable(table).dropColumn('entity_id').execute();
  await db.schema.dropTable('legal_entities').execute();
}
