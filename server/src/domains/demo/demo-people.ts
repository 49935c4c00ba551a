import type { Role } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import { newAccountId } from '../../auth/account-ids';
import { hashPassword } from '../../auth/password-hash';
import { upsertGrant } from '../../auth/role-grants.repo';
import { insertUserIfAbsent } from '../../auth/users.repo';
import type { Database } from '../../db/schema';
import { DEMO_TENANT_ID } from './demo.types';

/**
 * The demo manufacturer's people, one per role, all with one published password: a demo, never
 * a production account (`npm start` prints these). The admin acts at every site, the others at
 * the plant. Managing users also needs an authenticator: the admin sets one up in the app.
 */
export const DEMO_SIGN_IN = {
  password: 'capliquify-demo',
  people: [
    { email: 'admin@demo.capliquify.test', displayName: 'Alex Admin', role: 'admin', allSites: true },
    { email: 'manager@demo.capliquify.test', displayName: 'Morgan Manager', role: 'manager', allSites: false },
    { email: 'operator@demo.capliquify.test', displayName: 'Olu Operator', role: 'operator', allSites: false },
    { email: 'viewer@demo.capliquify.test', displayName: 'Vic Viewer', role: 'viewer', allSites: false },
  ] satisfies { email: string; displayName: string; role: Role; allSites: boolean }[],
} as const;

/**
 * Adds the demo people the demo tenant lacks, with their grants; idempotent, so a database seeded
 * before people existed gets them at the next start. A demo person removed on purpose stays
 * removed (the email is taken). Returns how many were added.
 */
export async function seedDemoPeople(db: Kysely<Database>): Promise<number> {
  const plant = await db.selectFrom('sites').select('id').where('tenant_id', '=', DEMO_TENANT_ID).where('kind', '=', 'plant').orderBy('code').limit(1).executeTakeFirst();
  if (!plant) return 0;
  const taken = new Set((await db.selectFrom('users').select('email').where('tenant_id', '=', DEMO_TENANT_ID)
    .where('email', 'in', DEMO_SIGN_IN.people.map((p) => p.email)).execute()).map((row) => row.email));
  const missing = DEMO_SIGN_IN.people.filter((person) => !taken.has(person.email));
  // Each hash has its own salt; hashed side by side, they cost one person's wait.
  const hashes = await Promise.all(missing.map(() => hashPassword(DEMO_SIGN_IN.password)));
  let added = 0;
  for (const [i, person] of missing.entries()) {
    const id = newAccountId('usr');
    if (!(await insertUserIfAbsent(db, { id, tenantId: DEMO_TENANT_ID, email: person.email, displayName: person.displayName, passwordHash: hashes[i]! }))) continue;
    const siteId = person.allSites ? null : plant.id;
    await upsertGrant(db, { id: newAccountId('grt'), tenantId: DEMO_TENANT_ID, userId: id, siteId, role: person.role, grantedBy: null, at: new Date() });
    added += 1;
  }
  return added;
}
