import { movementDelta } from '@capliquify/shared';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { directScopeWriter, type ScopeWriter } from '../../sync/replication.service';
import { siteScope } from '../../sync/scopes';
import { stockLevelRow } from '../../sync/sync-documents';
import { noteMovementInOpenCounts } from '../counting/count-movements.service';
import { insertMovement, movementExists, readMovementTarget } from './movement.repo';
import { balanceAfter, checkTarget, EPSILON, insufficientStock, type MovementInput } from './movement-plan';

export type { MovementInput } from './movement-plan';

export interface PostedMovement {
  /** False when the movementId was already in the ledger: nothing changed. */
  posted: boolean;
  onHand: number;
  scope: string;
}

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
  const target = await readMovementTarget(trx, tenantId, input.locationId, input.itemId);
  const { location, item } = checkTarget(input, target);
  const { onHand: before, allocated, openCount } = target;
  const delta = movementDelta(input.kind, input.quantity);
  if (before + delta < -EPSILON) {
    // A replay of a movement that was posted: it answers as before, whatever the balance now.
    if (await movementExists(trx, tenantId, input.movementId)) return { posted: false, onHand: before, scope };
    throw insufficientStock(input, delta, before, item.sku, location.code);
  }
  const stored = await insertMovement(trx, {
    movementId: input.movementId, tenantId, siteId: input.siteId, locationId: input.locationId, itemId: input.itemId,
    kind: input.kind, signedQuantity: delta, unitCostMinor: item.cost_minor, reference: input.note ?? null,
  });
  if (stored === null) return { posted: false, onHand: before, scope };
  const onHand = balanceAfter(before, stored);
  // Open count sessions at this location note the movement, so their variance accounts for it.
  const counted = openCount ? await noteMovementInOpenCounts(trx, tenantId, {
    siteId: input.siteId, locationId: input.locationId, itemId: input.itemId, quantity: stored, at: new Date().toISOString(),
  }) : [];
  await scopeWrite.write([stockLevelRow({ siteId: input.siteId, locationId: input.locationId, itemId: input.itemId, onHand, allocated }), ...counted]);
  return { posted: true, onHand, scope };
}
