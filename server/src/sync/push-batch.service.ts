import { ErrorCode, type PushRequest, type Rejection } from '@capliquify/shared';
import type { ControlledTransaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import { AppError } from '../errors/app.error';
import { createBatchScopeWriter } from './batch-scope-writer';
import { applyInOrder } from './command-apply.service';
import { createActorCheck } from './command-actor.service';
import { forgetDevice } from './device-auth-cache';
import { deviceRevoked, type DeviceIdentity } from './device-auth.service';
import { lockDevice, setDeviceProgress } from './devices.repo';
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

/**
 * Applies a push batch inside `trx` (the caller commits or rolls back): locks the device once,
 * acknowledges replays with the rejections the device never saw, refuses a gap, then applies the
 * new commands in order (command-apply.service.ts: runs of movements set-wise, the others each
 * under its own savepoint; every command's actor checked). A permanent failure records the
 * rejection and the batch goes on; a transient failure stops the batch. The device's
 * lastMutationId and the batch's replicated rows are written once, at the end.
 */
export async function applyBatch(trx: Trx, device: DeviceIdentity, request: PushRequest, logger?: Logger): Promise<BatchOutcome> {
  const row = await lockDevice(trx, device.deviceId);
  if (!row || row.revoked_at) throw deviceRevoked();
  // The row, not a cached credential, says where the device is now.
  if (row.site_id && row.site_id !== device.siteId) {
    forgetDevice(device.deviceId);
    device = { ...device, siteId: row.site_id, scopes: scopesForSite(row.site_id, row.role) };
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
  const results = await applyInOrder({ trx, scopes, actors: createActorCheck(trx, device), device, logger }, fresh);
  const touched = new Set<string>();
  for (const result of results) {
    for (const scope of result.touched) touched.add(scope);
    if (result.rejection) rejections.push(result.rejection);
  }
  const applied = last + results.length;
  const acknowledged = replays.length + (applied - last);
  if (acknowledged === 0) return { acknowledged, lastMutationId: last, rejections, touched: [] };
  for (const scope of await scopes.flush()) touched.add(scope);
  const outboxDepth = request.outboxDepth === undefined ? undefined : Math.max(0, request.outboxDepth - acknowledged);
  if (applied > last || outboxDepth !== undefined) {
    await setDeviceProgress(trx, device.deviceId, { lastMutationId: applied > last ? applied : undefined, outboxDepth });
  }
  return { acknowledged, lastMutationId: applied, rejections, touched: [...touched].sort() };
}
