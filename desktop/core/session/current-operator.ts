import type { Kysely, Transaction } from 'kysely';
import { roleGrantSchema, type CommandActor, type RoleGrant } from '@capliquify/shared';
import { z } from 'zod';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { findCurrentOperator, type OperatorRow } from './operators.repo';
import { noOperator } from './session-error';

type Db = Kysely<ReplicaDatabase> | Transaction<ReplicaDatabase>;

/** A signed-in person as the screens see them. */
export interface Operator {
  userId: string; email: string; displayName: string; grants: RoleGrant[]; mfa: boolean; hasPin: boolean;
}

const grantsSchema = z.array(roleGrantSchema);

export function toOperator(row: OperatorRow): Operator {
  // Written by this core from a validated answer; a row that no longer parses grants nothing.
  const grants = grantsSchema.safeParse(JSON.parse(row.grants_json) as unknown);
  return {
    userId: row.user_id, email: row.email, displayName: row.display_name, grants: grants.success ? grants.data : [],
    mfa: row.mfa === 1, hasPin: row.pin_hash !== null,
  };
}

/** Who a command queued now is made by; refuses (nothing queued) when no one is signed in. */
export async function requireActor(db: Db): Promise<CommandActor> {
  const row = await findCurrentOperator(db);
  if (!row) throw noOperator();
  return { userId: row.user_id, signInId: row.sign_in_id };
}

/** The name counting commands record as their author or counter; refuses when no one is signed in. */
export async function requireOperatorName(db: Db): Promise<string> {
  const row = await findCurrentOperator(db);
  if (!row) throw noOperator();
  return row.display_name;
}

export async function currentOperatorName(db: Db): Promise<string | null> {
  return (await findCurrentOperator(db))?.display_name ?? null;
}
