import { sql, type Kysely } from 'kysely';

// Stock counting: sessions, the quantity frozen per location and item (plus the movements posted
// since), the counted lines from every device, one audit row per approved row; and open stock
// reservations, which the stock screen shows as allocated. Ids of sessions and lines are chosen
// by the devices, so they are keyed per tenant.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('count_sessions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('full', 'cycle')`))
    .addColumn('blind', 'boolean', (c) => c.notNull())
    // Lists as jsonb arrays, in the order the manager gave them; membership is `@>`.
    .addColumn('location_ids', 'jsonb', (c) => c.notNull())
    .addColumn('item_ids', 'jsonb')
    .addColumn('tolerance_qty_pct', 'numeric(9, 4)', (c) => c.notNull())
    .addColumn('tolerance_value_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'char(3)', (c) => c.notNull())
    .addColumn('counters', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'counting', 'submitted', 'approved', 'cancelled')`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('approved_by', 'text')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('cancel_reason', 'text')
    .addColumn('recounts', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addPrimaryKeyConstraint('count_sessions_pk', ['tenant_id', 'id'])
    .execute();
  // Every posted movement looks up the open sessions of its site.
  await db.schema.createIndex('count_sessions_open_ix').on('count_sessions').columns(['tenant_id', 'site_id'])
    .where(sql.ref('status'), 'in', sql`('counting', 'submitted')`).execute();
  await db.schema.createTable('count_expected')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('frozen_qty', 'numeric(18, 4)', (c) => c.notNull())
    .addColumn('unit_cost_minor', 'bigint', (c) => c.notNull())
    .addColumn('movements', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('posted_movement_id', 'text')
    .addColumn('posted_quantity', 'numeric(18, 4)')
    .addColumn('posted_at', 'timestamptz')
    .addPrimaryKeyConstraint('count_expected_pk', ['tenant_id', 'session_id', 'location_id', 'item_id'])
    .addForeignKeyConstraint('count_expected_session_fk', ['tenant_id', 'session_id'], 'count_sessions', ['tenant_id', 'id'])
    .execute();
  await db.schema.createTable('count_lines')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    // Null: the barcode is unknown; the line is kept and flagged, never posted.
    .addColumn('item_id', 'text', (c) => c.references('items.id'))
    .addColumn('barcode', 'text', (c) => c.notNull())
    .addColumn('lot', 'text')
    .addColumn('expiry', 'date')
    .addColumn('quantity', 'numeric(18, 4)', (c) => c.notNull().check(sql`quantity >= 0`))
    .addColumn('counter', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('counted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull().check(sql`round >= 1`))
    .addColumn('voided', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('voided_by', 'text')
    .addColumn('voided_at', 'timestamptz')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('count_lines_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('count_lines_session_fk', ['tenant_id', 'session_id'], 'count_sessions', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('count_lines_session_ix').on('count_lines').columns(['tenant_id', 'session_id', 'location_id', 'item_id']).execute();
  await db.schema.createTable('count_audit')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('counters', 'jsonb', (c) => c.notNull())
    .addColumn('devices', 'jsonb', (c) => c.notNull())
    .addColumn('counted_at', 'timestamptz')
    .addColumn('expected_at_count', 'numeric(18, 4)', (c) => c.notNull())
    .addColumn('counted', 'numeric(18, 4)')
    .addColumn('adjustment', 'numeric(18, 4)', (c) => c.notNull())
    .addColumn('movement_id', 'text')
    .addColumn('approved_by', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint('count_audit_session_fk', ['tenant_id', 'session_id'], 'count_sessions', ['tenant_id', 'id'])
    // One row per approved row: a second approval cannot add another.
    .addUniqueConstraint('count_audit_row_uq', ['tenant_id', 'session_id', 'location_id', 'item_id'])
    .execute();
  await db.schema.createTable('stock_allocations')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('quantity', 'numeric(18, 4)', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('reference', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Open while null: released reservations no longer count as allocated.
    .addColumn('released_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('stock_allocations_open_ix').on('stock_allocations').columns(['tenant_id', 'site_id', 'location_id', 'item_id'])
    .where(sql.ref('released_at'), 'is', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['stock_allocations', 'count_audit', 'count_lines', 'count_expected', 'count_sessions']) {
    await db.schema.dropTable(table).execute();
  }
}
