import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { countExpectedRow } from '../../sync/sync-documents';
import type { SyncRowWrite } from '../../sync/sync-rows.repo';
import { appendToOpenSessions, type CountedMovement } from './count-expected.repo';

/**
 * Called by the ledger for every movement it posts, in the same transaction: sessions counting
 * (or submitted) at the movement's location and item note it, so a sale from a bin during a count
 * does not show as a variance. Returns the expected rows to replicate with the stock level.
 */
export async function noteMovementInOpenCounts(trx: Transaction<Database>, tenantId: string, movement: CountedMovement): Promise<SyncRowWrite[]> {
  const changed = await appendToOpenSessions(trx, tenantId, movement);
  return changed.map(countExpectedRow);
}
