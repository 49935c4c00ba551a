import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '@capliquify/shared';
import {
  clearStage, countLive, stageItems, stageSites, stageStockLevels, swapStageIntoLive, type ReplicaCounts,
} from '../replica/snapshot.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';
import type { SnapshotSource } from './snapshot-source';
import type { SyncProgress } from './sync-status';

export interface SnapshotServiceOptions {
  db: Kysely<ReplicaDatabase>;
  source: SnapshotSource;
  logger: Logger;
  pageSize?: number;
  now?: () => Date;
}

export interface SnapshotResult { syncedAt: Date; counts: ReplicaCounts }

/** The server speaks a protocol or schema this desktop does not: only an update fixes it. */
export class UpdateRequiredError extends Error {
  override readonly name = 'UpdateRequiredError';
}

export interface SnapshotService {
  /**
   * Downloads a complete snapshot into the staging tables, page by page (one transaction each),
   * then swaps it into the live replica at once. If anything fails midway the live replica is
   * untouched and the app keeps working from it.
   */
  fetchSnapshot(onProgress?: (progress: SyncProgress) => void): Promise<SnapshotResult>;
}

export function createSnapshotService({ db, source, logger, pageSize = 2000, now = () => new Date() }: SnapshotServiceOptions): SnapshotService {
  return {
    async fetchSnapshot(onProgress = () => {}) {
      const info = await source.info();
      assertCompatible(info.protocol, info.schema);
      await clearStage(db);

      const progress: SyncProgress = { phase: 'sites', items: 0, stockLevels: 0 };
      onProgress({ ...progress });
      await stageSites(db, await source.sites());

      progress.phase = 'items';
      await forEachPage((after) => source.itemsPage({ after, limit: pageSize }), async (rows) => {
        await stageItems(db, rows);
        progress.items += rows.length;
        onProgress({ ...progress });
      });

      progress.phase = 'stock';
      await forEachPage((after) => source.stockPage({ after, limit: pageSize }), async (rows) => {
        await stageStockLevels(db, rows);
        progress.stockLevels += rows.length;
        onProgress({ ...progress });
      });

      progress.phase = 'swap';
      onProgress({ ...progress });
      const syncedAt = now();
      await swapStageIntoLive(db, syncedAt);
      const counts = await countLive(db);
      logger.info({ counts, server: `${info.name} ${info.version}` }, 'snapshot swapped into the replica');
      return { syncedAt, counts };
    },
  };
}

/** Follows keyset pages until the server says there are no more. */
async function forEachPage<T>(
  fetchPage: (after: string | null) => Promise<{ rows: T[]; nextAfter: string | null }>,
  handle: (rows: T[]) => Promise<void>,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after);
    await handle(page.rows);
    if (page.nextAfter === null) return;
    // A cursor that does not move would loop forever; fail the sync instead.
    if (page.nextAfter === after) throw new Error(`The server repeated the page cursor ${after}`);
    after = page.nextAfter;
  }
}

function assertCompatible(protocol: { min: number; max: number }, schema: { min: number; max: number }): void {
  if (PROTOCOL_VERSION < protocol.min || PROTOCOL_VERSION > protocol.max) {
    throw new UpdateRequiredError(`The server needs protocol ${protocol.min}–${protocol.max}; this app speaks ${PROTOCOL_VERSION}. Update the app.`);
  }
  if (SCHEMA_VERSION < schema.min || SCHEMA_VERSION > schema.max) {
    throw new UpdateRequiredError(`The server needs schema ${schema.min}–${schema.max}; this app has ${SCHEMA_VERSION}. Update the app.`);
  }
}
