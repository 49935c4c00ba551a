import { ErrorCode, type PushedCommand, type PushRequest, type PushResponse } from '@capliquify/shared';
import { enterTenantScope } from '../db/tenant-scope';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import { AppError } from '../errors/app.error';
import type { DeviceIdentity } from './device-auth.service';
import type { PokeBus } from './poke-bus';
import { applyBatch, type BatchOutcome } from './push-batch.service';

export interface PushDeps {
  db: Kysely<Database>;
  pokeBus: PokeBus;
  logger?: Logger;
}

/**
 * Applies a device's commands in order, exactly once, in ONE transaction with a savepoint per
 * command, storing `last_mutation_id` with their effects. Replays are acknowledged without effect
 * (and their rejections repeated), a gap is refused, a permanent failure is recorded as a
 * rejection and still advances the id, and a transient failure commits what was done and stops
 * the batch (503 when nothing was). Touched scopes are poked after commit.
 */
export async function pushCommands(deps: PushDeps, device: DeviceIdentity, request: PushRequest): Promise<PushResponse> {
  assertContiguous(request.commands);
  const outcome = await inOneTransaction(deps, device, request);
  if (outcome.acknowledged === 0) throw unavailable();
  if (outcome.touched.length > 0) await deps.pokeBus.publish({ tenantId: device.tenantId, scopes: outcome.touched });
  return { lastMutationId: outcome.lastMutationId, rejections: outcome.rejections };
}

async function inOneTransaction(deps: PushDeps, device: DeviceIdentity, request: PushRequest): Promise<BatchOutcome> {
  const trx = await deps.db.startTransaction().execute();
  let outcome: BatchOutcome;
  try {
    // PostgreSQL itself keeps every command of the batch inside the device's tenant.
    await enterTenantScope(trx, device.tenantId);
    outcome = await applyBatch(trx, device, request, deps.logger);
  } catch (error) {
    await trx.rollback().execute().catch(() => undefined);
    if (error instanceof AppError) throw error;
    // Savepoints and the final writes fail only when the database does: nothing was committed.
    deps.logger?.warn({ err: error }, 'a push batch failed; nothing was applied and the device retries');
    throw unavailable();
  }
  if (outcome.acknowledged === 0) {
    await trx.rollback().execute();
    return outcome;
  }
  try {
    await trx.commit().execute();
  } catch (error) {
    deps.logger?.warn({ err: error }, 'a push batch did not commit; the device retries');
    await trx.rollback().execute().catch(() => undefined);
    throw unavailable();
  }
  return outcome;
}

function unavailable(): AppError {
  return new AppError(ErrorCode.ServiceUnavailable, 'The server cannot apply commands right now; retry later.');
}

function assertContiguous(commands: PushedCommand[]): void {
  for (let i = 1; i < commands.length; i += 1) {
    if (commands[i]!.mutationId !== commands[i - 1]!.mutationId + 1) {
      throw new AppError(ErrorCode.MutationGap, `Mutation ids in one push must rise by exactly 1 (${commands[i - 1]!.mutationId} then ${commands[i]!.mutationId}).`);
    }
  }
}
