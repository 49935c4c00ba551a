import { ErrorCode, type PushedCommand, type PushRequest, type PushResponse, type Rejection } from '@capliquify/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import { AppError } from '../errors/app.error';
import { classifyFailure } from './command-failure';
import { runCommand } from './command-handlers';
import { deviceRevoked, type DeviceIdentity } from './device-auth.service';
import { insertRejection, lockDevice, setLastMutationId, setOutboxDepth } from './devices.repo';
import type { PokeBus } from './poke-bus';
import { findRejection } from './rejections.repo';

export interface PushDeps {
  db: Kysely<Database>;
  pokeBus: PokeBus;
  logger?: Logger;
}

interface Applied {
  lastMutationId: number;
  touched: string[];
  rejection: Rejection | null;
}

/**
 * Applies a device's commands in order, one transaction each, storing `last_mutation_id` with the
 * command's effects. Replays are acknowledged without effect (and their rejection repeated), a
 * gap is refused, a permanent failure is recorded as a rejection and still advances the id, and
 * a transient failure stops the batch (503 when nothing was done). Touched scopes are poked after commit.
 */
export async function pushCommands(deps: PushDeps, device: DeviceIdentity, request: PushRequest): Promise<PushResponse> {
  assertContiguous(request.commands);
  const rejections: Rejection[] = [];
  const touched = new Set<string>();
  let acknowledged: number | null = null;
  let count = 0;
  for (const command of request.commands) {
    const applied = await applyOrReject(deps, device, command);
    if (applied === 'stop') {
      if (acknowledged === null) throw new AppError(ErrorCode.ServiceUnavailable, 'The server cannot apply commands right now; retry later.');
      break;
    }
    acknowledged = applied.lastMutationId;
    count += 1;
    for (const scope of applied.touched) touched.add(scope);
    if (applied.rejection) rejections.push(applied.rejection);
  }
  if (touched.size > 0) await deps.pokeBus.publish({ tenantId: device.tenantId, scopes: [...touched].sort() });
  if (request.outboxDepth !== undefined) {
    await setOutboxDepth(deps.db, device.deviceId, Math.max(0, request.outboxDepth - count)).catch(() => undefined);
  }
  return { lastMutationId: acknowledged ?? 0, rejections };
}

function assertContiguous(commands: PushedCommand[]): void {
  for (let i = 1; i < commands.length; i += 1) {
    if (commands[i]!.mutationId !== commands[i - 1]!.mutationId + 1) {
      throw new AppError(ErrorCode.MutationGap, `Mutation ids in one push must rise by exactly 1 (${commands[i - 1]!.mutationId} then ${commands[i]!.mutationId}).`);
    }
  }
}

async function applyOrReject(deps: PushDeps, device: DeviceIdentity, command: PushedCommand): Promise<Applied | 'stop'> {
  try {
    return await deps.db.transaction().execute((trx) => inDeviceOrder(trx, device, command, async () => {
      const touched = await runCommand({ trx, tenantId: device.tenantId, deviceId: device.deviceId, siteId: device.siteId, mutationId: command.mutationId }, command.name, command.args);
      return { touched, rejection: null };
    }));
  } catch (error) {
    if (error instanceof AppError && (error.code === ErrorCode.MutationGap || error.code === ErrorCode.DeviceRevoked)) throw error;
    const failure = classifyFailure(error);
    if (failure.kind === 'transient') {
      deps.logger?.warn({ err: error, mutationId: command.mutationId }, 'command failed transiently; the batch stops for a retry');
      return 'stop';
    }
    deps.logger?.info({ mutationId: command.mutationId, name: command.name, code: failure.code }, 'command rejected');
    const rejection: Rejection = { mutationId: command.mutationId, name: command.name, code: failure.code, reason: failure.reason };
    try {
      // The failed transaction rolled the handler's effects back; the rejection gets its own.
      return await deps.db.transaction().execute((trx) => inDeviceOrder(trx, device, command, async () => {
        await insertRejection(trx, { tenantId: device.tenantId, deviceId: device.deviceId, ...rejection, args: command.args });
        return { touched: [], rejection };
      }));
    } catch (second) {
      if (second instanceof AppError && (second.code === ErrorCode.MutationGap || second.code === ErrorCode.DeviceRevoked)) throw second;
      deps.logger?.warn({ err: second, mutationId: command.mutationId }, 'could not record a rejection; the batch stops for a retry');
      return 'stop';
    }
  }
}

/** Locks the device, acknowledges a replay, refuses a gap, else runs `apply` and advances the id. */
async function inDeviceOrder(
  trx: Transaction<Database>,
  device: DeviceIdentity,
  command: PushedCommand,
  apply: () => Promise<{ touched: string[]; rejection: Rejection | null }>,
): Promise<Applied> {
  const row = await lockDevice(trx, device.deviceId);
  if (!row || row.revoked_at) throw deviceRevoked();
  const last = Number(row.last_mutation_id);
  if (command.mutationId <= last) {
    // A response lost after commit: acknowledge again, with the rejection the device never saw.
    return { lastMutationId: last, touched: [], rejection: await findRejection(trx, device.deviceId, command.mutationId) };
  }
  if (command.mutationId > last + 1) {
    throw new AppError(ErrorCode.MutationGap, `Expected mutation ${last + 1} next but got ${command.mutationId}; push the outbox from ${last + 1}.`, { lastMutationId: last });
  }
  const { touched, rejection } = await apply();
  await setLastMutationId(trx, device.deviceId, command.mutationId);
  return { lastMutationId: command.mutationId, touched, rejection };
}
