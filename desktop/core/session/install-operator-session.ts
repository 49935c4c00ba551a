import type { Kysely } from 'kysely';
import type { RoleGrant } from '@capliquify/shared';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { findOperator, saveSignedInOperator, setCurrentOperatorId, setPinHash } from './operators.repo';
import { toOperator, type Operator } from './current-operator';
import { hashPin } from './pin-hash';

export interface InstalledOperator {
  userId: string;
  /** The sign-in the server knows (made for this device), which the station's commands carry. */
  signInId: string;
  displayName: string;
  email?: string;
  grants: RoleGrant[];
  mfa: boolean;
  refreshToken?: string | null;
  /** A PIN to sign in with offline; none unless given. */
  pin?: string;
  /** Whether they are the one at the station now (default true). */
  current?: boolean;
}

/**
 * Stores a person on the replica as an online sign-in would have, without the round trip: for
 * tests and benches whose server already holds the matching sign-in (server/test/people.ts).
 */
export async function installOperatorSession(db: Kysely<ReplicaDatabase>, operator: InstalledOperator): Promise<Operator> {
  const { userId, signInId, displayName, grants, mfa, pin, current = true } = operator;
  const email = operator.email ?? `${userId}@people.capliquify.test`;
  await saveSignedInOperator(db, { userId, email, displayName, grants, mfa, signInId, refreshToken: operator.refreshToken ?? null }, new Date());
  if (pin !== undefined) await setPinHash(db, userId, await hashPin(pin));
  if (current) await setCurrentOperatorId(db, userId);
  return toOperator((await findOperator(db, userId))!);
}
