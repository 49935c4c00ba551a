import type { DemandForecast } from '@capliquify/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { withTenantScope } from '../../db/tenant-scope';
import { replicateChanges } from '../../sync/replication.service';
import { siteScope } from '../../sync/scopes';
import { deleteForecastsNotFromRun, upsertDemandForecasts, type SiteItem } from './demand-forecasts.repo';
import { demandForecastRow, demandForecastTombstone } from './forecast-replication';

/**
 * Forecasts written per transaction. Each write takes its site scope's next version, which locks
 * the scope until commit and holds up the stations' pushes to that site: short batches keep the
 * wait short, and each batch reaches the stations as soon as it commits.
 */
export const SNAPSHOT_BATCH = 200;

function bySite<T extends { siteId: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.siteId);
    if (group) group.push(row);
    else groups.set(row.siteId, [row]);
  }
  return groups;
}

/** Writes the latest forecasts and their replicated documents, site by site, a batch per transaction. */
export async function writeForecastSnapshots(
  db: Kysely<Database>, tenantId: string, documents: readonly DemandForecast[], onBatch?: (written: number) => Promise<void>,
): Promise<void> {
  let written = 0;
  for (const [siteId, ofSite] of bySite(documents)) {
    for (let i = 0; i < ofSite.length; i += SNAPSHOT_BATCH) {
      const batch = ofSite.slice(i, i + SNAPSHOT_BATCH);
      await withTenantScope(db, tenantId, async (trx) => {
        await upsertDemandForecasts(trx, tenantId, batch);
        await replicateChanges(trx, tenantId, siteScope(siteId), batch.map(demandForecastRow));
      });
      written += batch.length;
      await onBatch?.(written);
    }
  }
}

/**
 * Ends a run: the forecasts it did not renew (items no longer sold, sites gone quiet) are deleted
 * and tombstoned in their sites' scopes, and `finish` records the run, all in one transaction.
 * Returns the forecasts removed.
 */
export async function retireForecastsNotFromRun(
  db: Kysely<Database>, tenantId: string, runId: string, finish: (trx: Transaction<Database>) => Promise<void>,
): Promise<SiteItem[]> {
  return withTenantScope(db, tenantId, async (trx) => {
    const removed = await deleteForecastsNotFromRun(trx, tenantId, runId);
    for (const [siteId, keys] of bySite(removed)) await replicateChanges(trx, tenantId, siteScope(siteId), keys.map(demandForecastTombstone));
    await finish(trx);
    return removed;
  });
}
