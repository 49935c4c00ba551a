import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authWithClock } from '../../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { listUsers, removeUser } from '../../auth/accounts.service';
import { signIn } from '../../auth/sign-in.service';
import { DEMO_SIGN_IN, seedDemoPeople } from './demo-people';

describe('demo people (PGlite)', () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await openTestDatabase('pglite', 'demo-people');
    await insertFixture(testDb.handle.db); // tnt_demo with one plant, site_a
  });
  afterAll(() => testDb.cleanup());

  it('adds one person per role who sign in with the published password, once', async () => {
    const db = testDb.handle.db;
    expect(await seedDemoPeople(db)).toBe(4);
    const people = await listUsers(db, 'tnt_demo');
    expect(people.map((p) => [p.email, p.grants])).toEqual([
      ['admin@demo.capliquify.test', [{ siteId: null, role: 'admin' }]],
      ['manager@demo.capliquify.test', [{ siteId: 'site_a', role: 'manager' }]],
      ['operator@demo.capliquify.test', [{ siteId: 'site_a', role: 'operator' }]],
      ['viewer@demo.capliquify.test', [{ siteId: 'site_a', role: 'viewer' }]],
    ]);
    const auth = authWithClock(db);
    for (const person of DEMO_SIGN_IN.people) {
      expect((await signIn(auth, { email: person.email, password: DEMO_SIGN_IN.password, device: null })).user.email).toBe(person.email);
    }
    expect(await seedDemoPeople(db)).toBe(0);

    // Removed on purpose, a demo person stays removed at the next start.
    await removeUser(db, { tenantId: 'tnt_demo', userId: people[3]!.id }, { userId: null });
    expect(await seedDemoPeople(db)).toBe(0);
    expect(await listUsers(db, 'tnt_demo')).toHaveLength(3);
  });
});
