import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { createAccessTokens } from './access-token';
import { ACCESS_TOKEN_KEY_NAME, accessTokenSecret } from './access-token-secret';

const claims = { userId: 'usr_1', tenantId: 'tnt_demo', signInId: 'sin_1', mfa: false };

describe.each(['postgres', 'pglite'] as const)('access-token secret on %s', (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'token-secret');
  });
  afterAll(() => testDb.cleanup());

  it('generates one secret in server_keys that every instance on the database signs with', async () => {
    const db = testDb.handle.db;
    // Two API instances starting together on an empty table.
    const [a, b] = [createAccessTokens(accessTokenSecret(db, null)), createAccessTokens(accessTokenSecret(db, null))];
    const now = new Date();
    const [fromA, fromB] = await Promise.all([a.issue(claims, now), b.issue(claims, now)]);
    expect(await b.verify(fromA.token, now)).toEqual(claims);
    expect(await a.verify(fromB.token, now)).toEqual(claims);
    const keys = await db.selectFrom('server_keys').select(['name', 'secret']).execute();
    expect(keys).toEqual([{ name: ACCESS_TOKEN_KEY_NAME, secret: expect.stringMatching(/^[\w-]{43}$/) }]);

    // AUTH_TOKEN_SECRET, when set, wins: tokens signed with the stored key are then refused.
    const configured = createAccessTokens(accessTokenSecret(db, 'an-operator-chosen-secret-of-32-chars-or-more'));
    await expect(configured.verify(fromA.token, now)).rejects.toThrow('The access token is not valid; sign in again.');
  });
});
