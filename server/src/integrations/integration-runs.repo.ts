import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, IntegrationRunsTable } from '../db/schema';

export type IntegrationRun = Selectable<IntegrationRunsTable>;

/** The newest `perIntegration` runs of each integration, newest first. */
export async function lastRuns(db: Kysely<Database>, integrationIds: string[], perIntegration: number): Promise<IntegrationRun[]> {
  if (integrationIds.length === 0) return [];
  const ranked = db.selectFrom('integration_runs')
    .selectAll()
    .select(sql<number>`row_number() over (partition by integration_id order by started_at desc, id desc)`.as('rank'))
    .where('integration_id', 'in', integrationIds)
    .as('ranked');
  const rows = await db.selectFrom(ranked)
    .selectAll()
    .where('rank', '<=', perIntegration)
    .orderBy('integration_id').orderBy('started_at', 'desc').orderBy('id', 'desc')
    .execute();
  return rows.map(({ rank: _rank, ...run }) => run);
}
