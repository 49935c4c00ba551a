import { ErrorCode, type PushedCommand, type PushRequest, type Rejection } from '@capliquify/shared';
import type { ControlledTransaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import { AppError } from '../errors/app.error';
import { createBatchScopeWriter, type BatchScopeWriter } from './batch-scope-writer';
import { commandSite, createActorCheck, type ActorCheck } from './command-actor.service';
import { classifyFailure } from './command-failure';
import { parseCommand, runCommand } from './command-handlers';
import { forgetDevice } from './device-auth-cache';
import { deviceRevoked, type DeviceIdentity } from './device-auth.service';
import { insertRejection, lockDevice, setDeviceProgress } from './devices.repo';
import { findRejections } from './rejections.repo';
import { scopesForSite } from './scopes';

export interface BatchOutcome {
  /** Commands acknowledged (replays included); 0 when the first new command failed transiently. */
  acknowledged: number;
  lastMutationId: number;
  rejections: Rejection[];
  /** Scopes the batch wrote to. */
  touched: string[];
}

type Trx = ControlledTransaction<Database>;
type CommandResult = { touched: string[]; rejection: Rejection | null } | 'stop';

const SAVEPOINT = 'command';

/**
 * Applies a push batch inside `trx` (the caller commits or rolls back): locks the device once,
 * acknowledges replays with the rejections the device never saw, refuses a gap, then runs each
 * new command under its own savepoint, after checking who made it (command-actor.service.ts).
 * A permanent failure rolls back to the savepoint, records the rejection and the batch goes on;
 * a transient failure stops the batch. The device's lastMutationId and the batch's replicated
 * rows are written once, at the end.
 */
export async function applyBatch(trx: Trx, device: DeviceIdentity, request: PushRequest, logger?: Logger): Promise<BatchOutcome> {
  const row = await lockDevice(trx, device.deviceId);
  if (!row || row.revoked_at) throw deviceRevoked();
  // The row, not a cached credential, says where the device is now.
  if (row.site_id && row.site_id !== device.siteId) {
    forgetDevice(device.deviceId);
    device = { ...device, siteId: row.site_id, scopes: scopesForSite(row.site_id) };
  }
  const last = Number(row.last_mutation_id);
  const replays = request.commands.filter((c) => c.mutationId <= last);
  const fresh = request.commands.filter((c) => c.mutationId > last);
  if (fresh[0] && fresh[0].mutationId > last + 1) {
    throw new AppError(ErrorCode.MutationGap, `Expected mutation ${last + 1} next but got ${fresh[0].mutationId}; push the outbox from ${last + 1}.`, { lastMutationId: last });
  }
  // A response lost after commit: acknowledge again, with the rejections the device never saw.
  const rejections = replays.length > 0 ? await findRejections(trx, device.deviceId, replays[0]!.mutationId, replays.at(-1)!.mutationId) : [];
  const scopes = createBatchScopeWriter(trx, device.tenantId);
  const actors = createActorCheck(trx, device);
  const touched = new Set<string>();
  let applied = last;
  for (const command of fresh) {
    const result = await applyCommand(trx, { scopes, actors }, device, command, logger);
    if (result === 'stop') break;
    applied = command.mutationId;
    for (const scope of result.touched) touched.add(scope);
    if (result.rejection) rejections.push(result.rejection);
  }
  const acknowledged = replays.length + (applied - last);
  if (acknowledged === 0) return { acknowledged, lastMutationId: last, rejections, touched: [] };
  for (const scope of await scopes.flush()) touched.add(scope);
  const outboxDepth = request.outboxDepth === undefined ? undefined : Math.max(0, request.outboxDepth - acknowledged);
  if (applied > last || outboxDepth !== undefined) {
    await setDeviceProgress(trx, device.deviceId, { lastMutationId: applied > last ? applied : undefined, outboxDepth });
  }
  return { acknowledged, lastMutationId: applied, rejections, touched: [...touched].sort() };
}

interface BatchParts { scopes: BatchScopeWriter; actors: ActorCheck }

async function applyCommand(trx: Trx, { scopes, actors }: BatchParts, device: DeviceIdentity, command: PushedCommand, logger?: Logger): Promise<CommandResult> {
  const savepoint = await trx.savepoint(SAVEPOINT).execute();
  try {
    const parsed = parseCommand(command.name, command.args);
    // Who made it is checked as the command applies: rights revoked while the device was offline count.
    const actor = await actors.authorize(command.actor, parsed.name, commandSite(parsed.args, device.siteId));
    const touched = await runCommand(
      { trx, tenantId: device.tenantId, deviceId: device.deviceId, siteId: device.siteId, mutationId: command.mutationId, actorUserId: actor.userId, scopes },
      parsed,
    );
    await savepoint.releaseSavepoint(SAVEPOINT).execute();
    scopes.keepCommand();
    return { touched, rejection: null };
  } catch (error) {
    // The command's effects go; what the batch did before it stays.
    await savepoint.rollbackToSavepoint(SAVEPOINT).execute();
    scopes.dropCommand();
    const failure = classifyFailure(error);
    if (failure.kind === 'transient') {
      logger?.warn({ err: error, mutationId: command.mutationId }, 'command failed transiently; the batch stops for a retry');
      await savepoint.releaseSavepoint(SAVEPOINT).execute();
      return 'stop';
    }
    logger?.info({ mutationId: command.mutationId, name: command.name, code: failure.code }, 'command rejected');
    const rejection: Rejection = { mutationId: command.mutationId, name: command.name, code: failure.code, reason: failure.reason };
    try {
      await insertRejection(trx, { tenantId: device.tenantId, deviceId: device.deviceId, ...rejection, args: command.args });
    } catch (second) {
      logger?.warn({ err: second, mutationId: command.mutationId }, 'could not record a rejection; the batch stops for a retry');
      await savepoint.rollbackToSavepoint(SAVEPOINT).execute();
      await savepoint.releaseSavepoint(SAVEPOINT).execute();
      return 'stop';
    }
    await savepoint.releaseSavepoint(SAVEPOINT).execute();
    return { touched: [], rejection };
  }
}
