import type { Kysely } from 'kysely';
import type { RoleGrant } from '@capliquify/shared';
import type { ReplicaDatabase } from '../replica/replica.schema';
import type { Operator } from '../session/current-operator';
import { installOperatorSession, type InstalledOperator } from '../session/install-operator-session';

const everywhereAdmin: RoleGrant[] = [{ siteId: null, role: 'admin' }];

/**
 * Signs `name` in at the station as an online sign-in would have (an admin with a second factor
 * unless told): ids follow the name, so `usr-ana` / `sgn-ana` for "Ana".
 */
export function signInTestOperator(db: Kysely<ReplicaDatabase>, name = 'Ana', over: Partial<InstalledOperator> = {}): Promise<Operator> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return installOperatorSession(db, { userId: `usr-${slug}`, signInId: `sgn-${slug}`, displayName: name, grants: everywhereAdmin, mfa: true, ...over });
}
