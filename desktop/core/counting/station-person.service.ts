import type { Kysely } from 'kysely';
import { z } from 'zod';
import { MetaKey, deleteMeta, getMeta, setMeta } from '../replica/meta.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { CountingError, parseOrRefuse } from './counting-error';

// The person at the station until signed-in identities arrive (issue 5): recorded as the counter
// of every scan and the author of every counting command from here.

const personName = z.string().trim().min(1, 'a name is required').max(100, 'a name is at most 100 characters');

export async function getStationPerson(db: Kysely<ReplicaDatabase>): Promise<string | null> {
  return getMeta(db, MetaKey.StationPerson);
}

/** Stores who is counting; an empty name signs the person out. */
export async function setStationPerson(db: Kysely<ReplicaDatabase>, name: string): Promise<string | null> {
  if (name.trim() === '') {
    await deleteMeta(db, MetaKey.StationPerson);
    return null;
  }
  const person = parseOrRefuse(personName, name);
  await setMeta(db, MetaKey.StationPerson, person);
  return person;
}

export async function requireStationPerson(db: Kysely<ReplicaDatabase>): Promise<string> {
  const person = await getStationPerson(db);
  if (person === null) throw new CountingError('BAD_REQUEST', 'Say who is counting first');
  return person;
}
