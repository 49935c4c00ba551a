import { sql, type Kysely } from 'kysely';

// Demand forecasts (issue 7): one row per replicated `demand_forecast` document, read whole by the
// Forecasts screen (`data`), with the columns its item list filters and sorts on beside it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('demand_forecasts')
    // The wire id `<siteId>|<itemId>`, so a tombstone deletes without parsing it.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('generated_at', 'text', (c) => c.notNull())
    .addColumn('mase', 'real')
    .addColumn('bias', 'real')
    // Mean forecast demand per week over the horizon: what "volume" sorts by.
    .addColumn('weekly_demand', 'real', (c) => c.notNull())
    .addColumn('demand_class', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('demand_forecasts_site_item_ix').on('demand_forecasts').columns(['site_id', 'item_id']).unique().execute();

  // A build that knew the entity but had no table kept pulled forecasts in confirmed state only:
  // bring them over, so they show without waiting for the next run to resend them.
  await sql`insert into demand_forecasts (id, site_id, item_id, generated_at, mase, bias, weekly_demand, demand_class, data)
    select id, json_extract(data, '$.siteId'), json_extract(data, '$.itemId'), json_extract(data, '$.generatedAt'),
      json_extract(data, '$.accuracy.mase'), json_extract(data, '$.accuracy.bias'),
      coalesce((select avg(json_extract(p.value, '$.yhat')) from json_each(confirmed_rows.data, '$.points') as p), 0),
      json_extract(data, '$.demandClass'), data
    from confirmed_rows
    where entity = 'demand_forecast' and json_extract(data, '$.siteId') is not null and json_extract(data, '$.itemId') is not null
      and json_extract(data, '$.generatedAt') is not null and json_extract(data, '$.demandClass') is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('demand_forecasts').execute();
}
