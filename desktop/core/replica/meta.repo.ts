import type { Kysely } from 'kysely';
import type { ReplicaDatabase } from './replica.schema';

/** Keys of the replica's `meta` table. */
export const MetaKey = {
  DeviceId: 'device_id',
  /** Server clock minus this device's clock, in ms, as measured from sync answers. */
  ClockOffsetMs: 'clock_offset_ms',
  /** The user id of the operator signed in at this station (a row of `operators`). */
  CurrentOperator: 'current_operator',
} as const;
export type MetaKey = (typeof MetaKey)[keyof typeof MetaKey];

export async function getMeta(db: Kysely<ReplicaDatabase>, key: MetaKey): Promise<string | null> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function setMeta(db: Kysely<ReplicaDatabase>, key: MetaKey, value: string): Promise<void> {
  await db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

export async function deleteMeta(db: Kysely<ReplicaDatabase>, key: MetaKey): Promise<void> {
  await db.deleteFrom('meta').where('key', '=', key).execute();
}

/** Inserts only if absent and returns what is stored, so two racing callers agree on one value. */
export async function setMetaIfAbsent(db: Kysely<ReplicaDatabase>, key: MetaKey, value: string): Promise<string> {
  await db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const stored = await getMeta(db, key);
  if (stored === null) throw new Error(`meta ${key} vanished after insert`);
  return stored;
}
