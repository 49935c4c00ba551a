import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from './migrations/index';

export interface MigrationState {
  applied: string[];
  pending: string[];
}

// Generic over the schema type: the migrator works on whatever the database holds, before our types apply.
function migratorFor<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/** Applies every pending migration in order; throws the first failure and applies nothing after it. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<MigrationResult[]> {
  const { error, results = [] } = await migratorFor(db).migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return results;
}

/** Which migrations the database has applied and which are still to run. */
export async function migrationState<DB>(db: Kysely<DB>): Promise<MigrationState> {
  const infos = await migratorFor(db).getMigrations();
  return {
    applied: infos.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: infos.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}
