import {
  demandClassSchema, demandHistoryPointSchema, forecastPointSchema, type DemandForecast,
} from '@capliquify/shared';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import type { Database, DemandForecastsTable } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export interface SiteItem { siteId: string; itemId: string }

// 13 parameters a row: 500 rows stay far below PostgreSQL's 65,535 parameter limit.
const UPSERT_CHUNK = 500;

/** Writes the latest forecast of each document's item at its site, replacing the one before. */
export async function upsertDemandForecasts(trx: Transaction<Database>, tenantId: string, documents: readonly DemandForecast[]): Promise<void> {
  for (let i = 0; i < documents.length; i += UPSERT_CHUNK) {
    await trx.insertInto('demand_forecasts')
      .values(documents.slice(i, i + UPSERT_CHUNK).map((d) => ({
        tenant_id: tenantId, site_id: d.siteId, item_id: d.itemId, run_id: d.runId, generated_at: d.generatedAt,
        history: JSON.stringify(d.history), points: JSON.stringify(d.points), weights: JSON.stringify(d.weights),
        mase: d.accuracy.mase, smape: d.accuracy.smape, bias: d.accuracy.bias, demand_class: d.demandClass,
      })))
      .onConflict((oc) => oc.columns(['tenant_id', 'site_id', 'item_id']).doUpdateSet((eb) => ({
        run_id: eb.ref('excluded.run_id'), generated_at: eb.ref('excluded.generated_at'), history: eb.ref('excluded.history'),
        points: eb.ref('excluded.points'), weights: eb.ref('excluded.weights'), mase: eb.ref('excluded.mase'),
        smape: eb.ref('excluded.smape'), bias: eb.ref('excluded.bias'), demand_class: eb.ref('excluded.demand_class'),
      })))
      .execute();
  }
}

/** Removes the forecasts a run did not renew (items no longer sold) and returns which they were. */
export async function deleteForecastsNotFromRun(trx: Transaction<Database>, tenantId: string, runId: string): Promise<SiteItem[]> {
  const rows = await trx.deleteFrom('demand_forecasts')
    .where('tenant_id', '=', tenantId)
    .where('run_id', '!=', runId)
    .returning(['site_id', 'item_id'])
    .execute();
  return rows.map((r) => ({ siteId: r.site_id, itemId: r.item_id }));
}

export async function findDemandForecast(db: Db, tenantId: string, siteId: string, itemId: string): Promise<DemandForecast | null> {
  const row = await db.selectFrom('demand_forecasts').selectAll()
    .where('tenant_id', '=', tenantId).where('site_id', '=', siteId).where('item_id', '=', itemId)
    .executeTakeFirst();
  return row ? forecastDocument(row) : null;
}

/** Every forecast of a site, for rebuilding its replicated rows. */
export async function listSiteDemandForecasts(db: Db, tenantId: string, siteId: string): Promise<DemandForecast[]> {
  const rows = await db.selectFrom('demand_forecasts').selectAll()
    .where('tenant_id', '=', tenantId).where('site_id', '=', siteId)
    .orderBy('item_id')
    .execute();
  return rows.map(forecastDocument);
}

/** An item's forecasts at every site (or the one named), by site. */
export async function listItemForecasts(db: Db, tenantId: string, itemId: string, siteId?: string): Promise<DemandForecast[]> {
  const rows = await db.selectFrom('demand_forecasts').selectAll()
    .where('tenant_id', '=', tenantId).where('item_id', '=', itemId)
    .$if(siteId !== undefined, (q) => q.where('site_id', '=', siteId!))
    .orderBy('site_id')
    .execute();
  return rows.map(forecastDocument);
}

const stored = {
  history: z.array(demandHistoryPointSchema),
  points: z.array(forecastPointSchema),
  weights: z.record(z.string(), z.number()),
};

/** The document as it was written: the jsonb columns are parsed back with the document's own schemas. */
function forecastDocument(r: Selectable<DemandForecastsTable>): DemandForecast {
  return {
    siteId: r.site_id, itemId: r.item_id, runId: r.run_id, generatedAt: r.generated_at.toISOString(),
    history: stored.history.parse(r.history), points: stored.points.parse(r.points), weights: stored.weights.parse(r.weights),
    accuracy: { mase: r.mase, smape: r.smape, bias: r.bias }, demandClass: demandClassSchema.parse(r.demand_class),
  };
}
