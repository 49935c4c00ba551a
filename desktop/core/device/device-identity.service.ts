import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { MetaKey, getMeta, setMetaIfAbsent } from '../replica/meta.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';

/**
 * The device's identity: a random UUID made the first time the replica is opened and kept in it,
 * so the server can tell stations apart (and, later, order each one's commands).
 */
export async function ensureDeviceId(db: Kysely<ReplicaDatabase>): Promise<string> {
  const existing = await getMeta(db, MetaKey.DeviceId);
  return existing ?? setMetaIfAbsent(db, MetaKey.DeviceId, randomUUID());
}
