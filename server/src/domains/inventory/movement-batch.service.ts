import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { CommandRejection } from '../../sync/command-failure';
import type { ScopeWrite, ScopeWriter } from '../../sync/replication.service';
import { siteScope } from '../../sync/scopes';
import { stockLevelRow } from '../../sync/sync-documents';
import { findPostedMovementIds, insertMovements, readMovementTargets } from './movement.repo';
import { planMovements, type MovementInput } from './movement-plan';
import type { PostedMovement } from './movement.service';

/** The database stored something other than the plan foresaw: the run must be posted one by one. */
export class MovementPlanMismatch extends Error {
  override readonly name = 'MovementPlanMismatch';
}

/**
 * Posts a run of movements as `postMovement` one after another would, in a handful of round trips
 * whatever the run's length: the site scopes are locked first, then every target and the run's
 * movementIds already in the ledger are read at once, the run is decided in memory
 * (movement-plan.ts), and the accepted movements go in one multi-row insert.
 *
 * Returns per input its posted movement or its rejection; nothing is written for a rejection. Returns
 * null, having written nothing, when a target has a count open at its location: counting notes each
 * movement, which only `postMovement` does. Throws when the database refuses the insert or stores
 * other quantities than planned; the caller then rolls back to its savepoint and posts one by one.
 */
export async function postMovements(
  trx: Transaction<Database>,
  tenantId: string,
  inputs: readonly MovementInput[],
  scopes: ScopeWriter,
): Promise<(PostedMovement | CommandRejection)[] | null> {
  if (inputs.length === 0) return [];
  // As in postMovement: the scope lock comes before the reads that the balances derive from.
  const writes = new Map<string, ScopeWrite>();
  for (const input of inputs) {
    const scope = siteScope(input.siteId);
    if (!writes.has(scope)) writes.set(scope, await scopes.begin(scope));
  }
  const targets = await readMovementTargets(trx, tenantId, inputs);
  if ([...targets.values()].some((t) => t.openCount)) return null;
  const plan = planMovements(inputs, targets, await findPostedMovementIds(trx, tenantId, inputs.map((i) => i.movementId)));
  const stored = await insertMovements(trx, plan.inserts.map(({ input, signedQuantity, unitCostMinor }) => ({
    movementId: input.movementId, tenantId, siteId: input.siteId, locationId: input.locationId, itemId: input.itemId,
    kind: input.kind, signedQuantity, unitCostMinor, reference: input.note ?? null,
  })));
  const fresh = plan.inserts.filter((planned) => !planned.replay);
  if (stored.size !== fresh.length) throw new MovementPlanMismatch(`${fresh.length} movements were planned but the ledger took ${stored.size}`);
  for (const planned of fresh) {
    const quantity = stored.get(planned.input.movementId);
    if (quantity !== planned.stored) {
      throw new MovementPlanMismatch(`Movement ${planned.input.movementId} was planned as ${planned.stored} but the ledger ${quantity === undefined ? 'already held it' : `stored ${quantity}`}`);
    }
  }
  for (const [scope, write] of writes) {
    const rows = plan.levels.filter((level) => siteScope(level.siteId) === scope).map(stockLevelRow);
    if (rows.length > 0) await write.write(rows);
  }
  return plan.outcomes.map((outcome, i) => (outcome instanceof CommandRejection ? outcome : { ...outcome, scope: siteScope(inputs[i]!.siteId) }));
}
