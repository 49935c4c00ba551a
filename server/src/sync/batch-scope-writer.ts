import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { ScopeWrite, ScopeWriter } from './replication.service';
import { bumpScopeVersion, upsertSyncRows, type SyncRowWrite } from './sync-rows.repo';

/**
 * The scope writes of one push batch, applied in one transaction with a savepoint per command.
 * Each scope's version is taken once (its row lock is then held to commit, so the batch's rows
 * still become visible in commit order) and every row the batch writes shares it. Rows are
 * staged per command and written once per batch: a command rolled back to its savepoint drops
 * its staged rows and forgets the versions it took (the rollback undid the bump and its lock).
 */
export interface BatchScopeWriter extends ScopeWriter {
  /** The command's savepoint was released: keep what it staged. */
  keepCommand(): void;
  /** The command was rolled back to its savepoint: forget what it staged and bumped. */
  dropCommand(): void;
  /** Writes every kept row, one upsert per scope; returns the scopes written. */
  flush(): Promise<string[]>;
}

export function createBatchScopeWriter(trx: Transaction<Database>, tenantId: string): BatchScopeWriter {
  const versions = new Map<string, number>();
  const kept = new Map<string, Map<string, SyncRowWrite>>();
  let staged: { scope: string; row: SyncRowWrite }[] = [];
  let bumpedByCommand: string[] = [];

  const begin = async (scope: string): Promise<ScopeWrite> => {
    let version = versions.get(scope);
    if (version === undefined) {
      version = await bumpScopeVersion(trx, tenantId, scope);
      versions.set(scope, version);
      bumpedByCommand.push(scope);
    }
    return {
      version,
      write: async (rows) => {
        for (const row of rows) staged.push({ scope, row });
      },
    };
  };

  return {
    begin,
    keepCommand: () => {
      for (const { scope, row } of staged) {
        let rows = kept.get(scope);
        if (!rows) kept.set(scope, (rows = new Map()));
        // A later write of the same row in the batch wins, as it would have row by row.
        rows.set(`${row.entity}\u0000${row.id}`, row);
      }
      staged = [];
      bumpedByCommand = [];
    },
    dropCommand: () => {
      for (const scope of bumpedByCommand) versions.delete(scope);
      staged = [];
      bumpedByCommand = [];
    },
    flush: async () => {
      const written: string[] = [];
      for (const [scope, rows] of kept) {
        if (rows.size === 0) continue;
        await upsertSyncRows(trx, tenantId, scope, versions.get(scope)!, [...rows.values()]);
        written.push(scope);
      }
      kept.clear();
      return written;
    },
  };
}
