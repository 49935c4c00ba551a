import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { movementDelta, recordMovement, type Entity } from '@capliquify/shared';
import { countingMutators, noteMovementInOpenCounts } from '../counting/count-mutators';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { addToStockLevel, stockLevelId } from './typed-rows.repo';

/** A command's optimistic local effect on the typed tables; returns the rows it touched. */
export interface ClientMutator<Args> {
  args: z.ZodType<Args>;
  apply(trx: Transaction<ReplicaDatabase>, args: Args): Promise<{ entity: Entity; id: string }[]>;
}

const recordMovementMutator: ClientMutator<z.infer<typeof recordMovement.args>> = {
  args: recordMovement.args,
  async apply(trx, a) {
    const delta = movementDelta(a.kind, a.quantity);
    await addToStockLevel(trx, a, delta);
    // The server notes every movement in the counts open at its location; so does the prediction.
    return [{ entity: 'stock_level', id: stockLevelId(a.locationId, a.itemId) }, ...await noteMovementInOpenCounts(trx, a, delta)];
  },
};

/**
 * The client side of every command the desktop can queue. The server's handler is the truth; this
 * only predicts it so the screen updates at once, and is re-run on top of every pulled page.
 */
export const clientMutators: Record<string, ClientMutator<unknown>> = {
  [recordMovement.name]: recordMovementMutator as ClientMutator<unknown>,
  ...(countingMutators as Record<string, ClientMutator<unknown>>),
};
