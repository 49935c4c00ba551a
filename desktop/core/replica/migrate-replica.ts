import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/0001-initial';
import * as syncEngine from './migrations/0002-sync-engine';
import * as dropStaging from './migrations/0003-drop-staging';
import * as barcodeItemIndex from './migrations/0004-barcode-item-index';
import * as counting from './migrations/0005-counting';
import * as operators from './migrations/0006-operators';
import * as demandForecasts from './migrations/0007-demand-forecasts';
import * as finance from './migrations/0008-finance';
import * as cashPlan from './migrations/0009-cash-plan';

// Migrations are bundled as code, not read from a folder, so they survive Electron packaging.
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-sync-engine': syncEngine,
  '0003-drop-staging': dropStaging,
  '0004-barcode-item-index': barcodeItemIndex,
  '0005-counting': counting,
  '0006-operators': operators,
  '0007-demand-forecasts': demandForecasts,
  '0008-finance': finance,
  '0009-cash-plan': cashPlan,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the replica's schema up to date; throws if a migration fails. Returns what it applied. */
export async function migrateReplica(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Replica migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
