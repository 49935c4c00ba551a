import { demandForecastId, type DemandForecast } from '@capliquify/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import type { SyncRowWrite } from '../../sync/sync-rows.repo';
import { listSiteDemandForecasts, type SiteItem } from './demand-forecasts.repo';

/** The replicated row of a forecast, in its site's scope (entity `demand_forecast`). */
export function demandForecastRow(document: DemandForecast): SyncRowWrite {
  return { entity: 'demand_forecast', id: demandForecastId(document.siteId, document.itemId), data: { ...document } };
}

/** The tombstone of a forecast that is no longer kept. */
export function demandForecastTombstone(key: SiteItem): SyncRowWrite {
  return { entity: 'demand_forecast', id: demandForecastId(key.siteId, key.itemId), data: null };
}

/** A site's forecasts as replicated rows, for `sync rebuild` and the start's rebuild. */
export async function listSiteForecastRows(db: Kysely<Database> | Transaction<Database>, tenantId: string, siteId: string): Promise<SyncRowWrite[]> {
  return (await listSiteDemandForecasts(db, tenantId, siteId)).map(demandForecastRow);
}
