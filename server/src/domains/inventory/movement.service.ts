import { ErrorCode, movementDelta, type MovementKind } from '@capliquify/shared';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { CommandRejection } from '../../sync/command-failure';
import { beginScopeWrite } from '../../sync/replication.service';
import { siteScope } from '../../sync/scopes';
import { stockLevelRow } from '../../sync/sync-documents';
import { findItem, findLocation, insertMovement, movementExists } from './movement.repo';
import { readOnHand } from './stock-level.repo';

export interface MovementInput {
  movementId: string;
  siteId: string;
  locationId: string;
  itemId: string;
  kind: MovementKind;
  /** As entered: the kind gives the sign, except for count adjustments. */
  quantity: number;
  note?: string;
}

export interface PostedMovement {
  /** False when the movementId was already in the ledger: nothing changed. */
  posted: boolean;
  onHand: number;
  scope: string;
}

// Quantities are numeric(18, 4); sums in floating point may miss zero by a hair.
const EPSILON = 1e-9;

/**
 * Posts a movement to the ledger inside the caller's transaction, recomputes the stock level and
 * replicates it to the site's scope. A movementId already posted is a no-op, so a command retried
 * under a new mutationId can never count twice. Stock never goes below zero.
 */
export async function postMovement(trx: Transaction<Database>, tenantId: string, input: MovementInput): Promise<PostedMovement> {
  const scope = siteScope(input.siteId);
  // The scope lock serialises movements of one site, so the balance read below is the latest.
  const scopeWrite = await beginScopeWrite(trx, tenantId, scope);
  const location = await findLocation(trx, tenantId, input.locationId);
  if (!location || location.site_id !== input.siteId) throw new CommandRejection(ErrorCode.NotFound, `There is no location ${input.locationId} at site ${input.siteId}.`);
  const item = await findItem(trx, tenantId, input.itemId);
  if (!item) throw new CommandRejection(ErrorCode.NotFound, `There is no item ${input.itemId}.`);
  const before = await readOnHand(trx, tenantId, input.locationId, input.itemId);
  if (await movementExists(trx, tenantId, input.movementId)) return { posted: false, onHand: before, scope };
  const delta = movementDelta(input.kind, input.quantity);
  if (before + delta < -EPSILON) {
    throw new CommandRejection(ErrorCode.CommandRejected, `${describeKind(input.kind)} of ${Math.abs(delta)} exceeds on-hand ${before} of item ${item.sku} at ${location.code}.`);
  }
  const posted = await insertMovement(trx, {
    movementId: input.movementId, tenantId, siteId: input.siteId, locationId: input.locationId, itemId: input.itemId,
    kind: input.kind, signedQuantity: delta, unitCostMinor: item.cost_minor, reference: input.note ?? null,
  });
  const onHand = await readOnHand(trx, tenantId, input.locationId, input.itemId);
  const rounded = Math.abs(onHand) < EPSILON ? 0 : onHand;
  await scopeWrite.write([stockLevelRow({ siteId: input.siteId, locationId: input.locationId, itemId: input.itemId, onHand: rounded })]);
  return { posted, onHand: rounded, scope };
}

function describeKind(kind: MovementKind): string {
  return kind === 'count_adjustment' ? 'Adjustment' : kind === 'issue' ? 'Issue' : 'Movement';
}
