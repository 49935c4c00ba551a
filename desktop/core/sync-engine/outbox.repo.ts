import type { Kysely, Transaction } from 'kysely';
import type { CommandActor, Entity, Rejection } from '@capliquify/shared';
import type { ReplicaDatabase } from '../replica/replica.schema';

type Db = Kysely<ReplicaDatabase> | Transaction<ReplicaDatabase>;

export interface OutboxCommand {
  mutationId: number; name: string; args: unknown; createdAt: string;
  /** Who made it; null only for commands queued before sign-in existed (the server refuses those). */
  actor: CommandActor | null;
}

/** Keys of the `meta` table the sync engine owns (the table is shared with the device identity). */
export const SyncMetaKey = {
  DeviceId: 'device_id',
  Credential: 'credential',
  LastMutationIdAcked: 'last_mutation_id_acked',
  LastSyncAt: 'last_sync_at',
} as const;
export type SyncMetaKey = (typeof SyncMetaKey)[keyof typeof SyncMetaKey];

export async function getSyncMeta(db: Db, key: SyncMetaKey): Promise<string | null> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function setSyncMeta(db: Db, key: SyncMetaKey, value: string): Promise<void> {
  await db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

export async function getAckedMutationId(db: Db): Promise<number> {
  return Number(await getSyncMeta(db, SyncMetaKey.LastMutationIdAcked) ?? 0);
}

/** Raises the acknowledged id; never lowers it (a stale answer must not re-send applied commands). */
export async function raiseAckedMutationId(db: Db, lastMutationId: number): Promise<void> {
  if (lastMutationId > await getAckedMutationId(db)) await setSyncMeta(db, SyncMetaKey.LastMutationIdAcked, String(lastMutationId));
}

/** Appends a command with the next mutation id (one above everything acknowledged or queued). */
export async function appendToOutbox(db: Db, command: { name: string; args: unknown; createdAt: string; actor: CommandActor }): Promise<number> {
  const last = await db.selectFrom('outbox').select((eb) => eb.fn.max<number | null>('mutation_id').as('m')).executeTakeFirstOrThrow();
  const mutationId = Math.max(Number(last.m ?? 0), await getAckedMutationId(db)) + 1;
  await db.insertInto('outbox').values({
    mutation_id: mutationId, name: command.name, args: JSON.stringify(command.args), created_at: command.createdAt, status: 'pending',
    actor: JSON.stringify({ userId: command.actor.userId, signInId: command.actor.signInId }),
  }).execute();
  return mutationId;
}

export async function listOutbox(db: Db, { afterId = 0, limit }: { afterId?: number; limit?: number } = {}): Promise<OutboxCommand[]> {
  const rows = await db.selectFrom('outbox').selectAll().where('mutation_id', '>', afterId).orderBy('mutation_id')
    .$if(limit !== undefined, (qb) => qb.limit(limit as number))
    .execute();
  return rows.map((r) => ({
    mutationId: Number(r.mutation_id), name: r.name, args: JSON.parse(r.args) as unknown, createdAt: r.created_at,
    actor: r.actor === null ? null : JSON.parse(r.actor) as CommandActor,
  }));
}

/** The newest queued command's id, 0 when the outbox is empty. */
export async function lastQueuedMutationId(db: Db): Promise<number> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.max<number | null>('mutation_id').as('m')).executeTakeFirstOrThrow();
  return Number(row.m ?? 0);
}

export async function countOutbox(db: Db): Promise<number> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Drops the commands the server has applied or rejected (their effect now comes from pulls). */
export async function dropAcknowledged(db: Db, lastMutationId: number): Promise<void> {
  await db.deleteFrom('outbox').where('mutation_id', '<=', lastMutationId).execute();
}

export async function touchPending(db: Db, entity: Entity, id: string): Promise<void> {
  await db.insertInto('pending_touched').values({ entity, id }).onConflict((oc) => oc.doNothing()).execute();
}

export async function listPendingTouched(db: Db): Promise<{ entity: Entity; id: string }[]> {
  const rows = await db.selectFrom('pending_touched').selectAll().orderBy('entity').orderBy('id').execute();
  return rows.map((r) => ({ entity: r.entity as Entity, id: r.id }));
}

export async function clearPendingTouched(db: Db): Promise<void> {
  await db.deleteFrom('pending_touched').execute();
}

export interface StoredRejection extends Rejection { args: unknown; receivedAt: string; seen: boolean }

/** Stores rejections with the args of their outbox command (if still there), once per mutation id. */
export async function storeRejections(db: Db, rejections: readonly Rejection[], receivedAt: string): Promise<void> {
  for (const r of rejections) {
    const queued = await db.selectFrom('outbox').select('args').where('mutation_id', '=', r.mutationId).executeTakeFirst();
    await db.insertInto('rejections')
      .values({ mutation_id: r.mutationId, name: r.name, code: r.code, reason: r.reason, args: queued?.args ?? null, received_at: receivedAt, seen: 0 })
      .onConflict((oc) => oc.column('mutation_id').doNothing())
      .execute();
  }
}

export async function listRejections(db: Db): Promise<StoredRejection[]> {
  const rows = await db.selectFrom('rejections').selectAll().orderBy('mutation_id', 'desc').execute();
  return rows.map((r) => ({
    mutationId: Number(r.mutation_id), name: r.name, code: r.code, reason: r.reason,
    args: r.args === null ? null : JSON.parse(r.args) as unknown, receivedAt: r.received_at, seen: r.seen === 1,
  }));
}

export async function countUnseenRejections(db: Db): Promise<number> {
  const row = await db.selectFrom('rejections').select((eb) => eb.fn.countAll<number>().as('n')).where('seen', '=', 0).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markRejectionsSeen(db: Db): Promise<void> {
  await db.updateTable('rejections').set({ seen: 1 }).where('seen', '=', 0).execute();
}
