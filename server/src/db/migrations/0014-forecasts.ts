import { sql, type Kysely } from 'kysely';
import { protectTenantTable } from './protect-tenant-table';

// Demand forecasts: every run of the forecasting job per tenant (kept, so planners and operators
// see when forecasts last ran, how accurate they were and why one failed), and the latest
// forecast of each item at each site. Only the latest is kept: a snapshot holds its history and
// horizon (a few kilobytes), and the run row keeps the summary accuracy of earlier ones.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('forecast_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('running'))
    // The Monday of the first week forecast; the history is the complete weeks before it.
    .addColumn('first_week', 'date', (c) => c.notNull())
    .addColumn('horizon', 'integer', (c) => c.notNull())
    .addColumn('history_weeks', 'integer', (c) => c.notNull())
    .addColumn('items', 'integer', (c) => c.notNull().defaultTo(0))
    // Means over the run's items of their backtest accuracy (null when no item had a backtest).
    .addColumn('mase', 'double precision')
    .addColumn('smape', 'double precision')
    .addColumn('bias', 'double precision')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('forecast_runs_tenant_idx').on('forecast_runs').columns(['tenant_id', 'started_at']).execute();
  await db.schema.createTable('demand_forecasts')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('run_id', 'text', (c) => c.notNull().references('forecast_runs.id'))
    .addColumn('generated_at', 'timestamptz', (c) => c.notNull())
    // The weeks the forecast read (stock-outs filled in and flagged, promotions flagged).
    .addColumn('history', 'jsonb', (c) => c.notNull())
    .addColumn('points', 'jsonb', (c) => c.notNull())
    .addColumn('weights', 'jsonb', (c) => c.notNull())
    .addColumn('mase', 'double precision')
    .addColumn('smape', 'double precision')
    .addColumn('bias', 'double precision')
    .addColumn('demand_class', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('demand_forecasts_pk', ['tenant_id', 'site_id', 'item_id'])
    .execute();
  await db.schema.createIndex('demand_forecasts_run_idx').on('demand_forecasts').columns(['tenant_id', 'run_id']).execute();
  for (const table of ['forecast_runs', 'demand_forecasts']) await protectTenantTable(db, table);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['demand_forecasts', 'forecast_runs']) await db.schema.dropTable(table).execute();
}
