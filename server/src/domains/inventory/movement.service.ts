import { ErrorCode, movementDelta, type MovementKind } from '@capliquify/shared';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { CommandRejection } from '../../sync/command-failure';
import { directScopeWriter, type ScopeWriter } from '../../sync/replication.service';
import { siteScope } from '../../sync/scopes';
import { stockLevelRow } from '../../sync/sync-documents';
import { noteMovementInOpenCounts } from '../counting/count-movements.service';
import { insertMovement, movementExists, readMovementTarget } from './movement.repo';

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
 * Posts a movement to the ledger inside the caller's transaction and replicates the new stock
 * level to the site's scope through `scopes` (a push batch shares one version per scope). A
 * movementId already posted is a no-op, so a command retried under a new mutationId can never
 * count twice. Stock never goes below zero. Every check runs before the one write, so a
 * rejection leaves nothing behind.
 */
export async function postMovement(
  trx: Transaction<Database>,
  tenantId: string,
  input: MovementInput,
  scopes: ScopeWriter = directScopeWriter(trx, tenantId),
): Promise<PostedMovement> {
  const scope = siteScope(input.siteId);
  // The scope lock serialises movements of one site, so the balance read below is the latest and
  // stays so until commit: the new balance is that balance plus the delta.
  const scopeWrite = await scopes.begin(scope);
  const { location, item, onHand: before, allocated, openCount } = await readMovementTarget(trx, tenantId, input.locationId, input.itemId);
  if (!location || location.site_id !== input.siteId) throw new CommandRejection(ErrorCode.NotFound, `There is no location ${input.locationId} at site ${input.siteId}.`);
  if (!item) throw new CommandRejection(ErrorCode.NotFound, `There is no item ${input.itemId}.`);
  const delta = movementDelta(input.kind, input.quantity);
  if (before + delta < -EPSILON) {
    // A replay of a movement that was posted: it answers as before, whatever the balance now.
    if (await movementExists(trx, tenantId, input.movementId)) return { posted: false, onHand: before, scope };
    throw new CommandRejection(ErrorCode.CommandRejected, `${describeKind(input.kind)} of ${Math.abs(delta)} exceeds on-hand ${before} of item ${item.sku} at ${location.code}.`);
  }
  const stored = await insertMovement(trx, {
    movementId: input.movementId, tenantId, siteId: input.siteId, locationId: input.locationId, itemId: input.itemId,
    kind: input.kind, signedQuantity: delta, unitCostMinor: item.cost_minor, reference: input.note ?? null,
  });
  if (stored === null) return { posted: false, onHand: before, scope };
  const after = roundQuantity(before + stored);
  const onHand = Math.abs(after) < EPSILON ? 0 : after;
  // Open count sessions at this location note the movement, so their variance accounts for it.
  const counted = openCount ? await noteMovementInOpenCounts(trx, tenantId, {
    siteId: input.siteId, locationId: input.locationId, itemId: input.itemId, quantity: stored, at: new Date().toISOString(),
  }) : [];
  await scopeWrite.write([stockLevelRow({ siteId: input.siteId, locationId: input.locationId, itemId: input.itemId, onHand, allocated }), ...counted]);
  return { posted: true, onHand, scope };
}

/** Both terms have at most 4 decimals; back to 4 decimals the float sum reads as the database's own. */
function roundQuantity(value: number): number {
  return Number(value.toFixed(4));
}

function describeKind(kind: MovementKind): string {
  return kind === 'count_adjustment' ? 'Adjustment' : kind === 'issue' ? 'Issue' : 'Movement';
}
