import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { bumpScopeVersion, upsertSyncRows, type SyncRowWrite } from './sync-rows.repo';

export interface ScopeWrite {
  version: number;
  write(rows: SyncRowWrite[]): Promise<void>;
}

/** Where a domain write gets its scope's version and records its replicated rows. */
export interface ScopeWriter {
  begin(scope: string): Promise<ScopeWrite>;
}

/**
 * Opens a write to a scope inside the caller's transaction: takes the scope's next version, which
 * locks the scope until commit. Take it before reading what you derive rows from, so two writers
 * of one scope serialise and the second derives from the first's committed effects.
 */
export async function beginScopeWrite(trx: Transaction<Database>, tenantId: string, scope: string): Promise<ScopeWrite> {
  const version = await bumpScopeVersion(trx, tenantId, scope);
  return { version, write: (rows) => upsertSyncRows(trx, tenantId, scope, version, rows) };
}

/** A writer that takes a new version at every `begin` and writes rows at once (one write per transaction). */
export function directScopeWriter(trx: Transaction<Database>, tenantId: string): ScopeWriter {
  return { begin: (scope) => beginScopeWrite(trx, tenantId, scope) };
}

/** Records changed rows in a scope at one new version inside the caller's transaction. */
export async function replicateChanges(trx: Transaction<Database>, tenantId: string, scope: string, rows: SyncRowWrite[]): Promise<number> {
  const scopeWrite = await beginScopeWrite(trx, tenantId, scope);
  await scopeWrite.write(rows);
  return scopeWrite.version;
}
