import type { Kysely } from 'kysely';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { requireActor } from '../session/current-operator';
import { clientMutators } from './client-mutators';
import { appendToOutbox, listOutbox, touchPending, type OutboxCommand } from './outbox.repo';

export class UnknownCommandError extends Error {
  override readonly name = 'UnknownCommandError';
}

export interface QueuedCommand { mutationId: number }

/**
 * Validates a command, applies its client mutator to the typed tables, records the rows it touched
 * and appends it to the outbox with who made it (the operator signed in at the station), all in
 * ONE SQLite transaction: a crash leaves either all of it or none of it. Throws the zod error for
 * bad args, and a SessionError when no one is signed in (nothing is queued then).
 */
export async function queueCommand(db: Kysely<ReplicaDatabase>, name: string, rawArgs: unknown, now: Date = new Date()): Promise<QueuedCommand> {
  const mutator = clientMutators[name];
  if (!mutator) throw new UnknownCommandError(`Unknown command ${name}`);
  const args = mutator.args.parse(rawArgs);
  return db.transaction().execute(async (trx) => {
    const actor = await requireActor(trx);
    for (const touched of await mutator.apply(trx, args)) await touchPending(trx, touched.entity, touched.id);
    const mutationId = await appendToOutbox(trx, { name, args, createdAt: now.toISOString(), actor });
    return { mutationId };
  });
}

export interface OutboxExport {
  exportedAt: string;
  deviceId: string | null;
  commands: OutboxCommand[];
}

/** Everything not yet confirmed by the server, as JSON a person can save (e.g. after a revocation). */
export async function exportOutbox(db: Kysely<ReplicaDatabase>, deviceId: string | null, now: Date = new Date()): Promise<OutboxExport> {
  return { exportedAt: now.toISOString(), deviceId, commands: await listOutbox(db) };
}
