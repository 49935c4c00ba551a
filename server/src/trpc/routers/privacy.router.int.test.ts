import { ErrorCode } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestConfig, TEST_PASSWORD, totpCodeFor } from '../../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { ANN, buildPrivacyWorld } from '../../../test/privacy-world';
import { silentLogger } from '../../../test/logs';
import { mutate, query, VERSION_HEADERS } from '../../../test/sync';
import { buildApp } from '../../app';
import { createUser, grantRole } from '../../auth/accounts.service';
import type { SignInResult } from '../../auth/sign-in.service';
import type { ErasureReport, PersonExport } from '../../privacy/privacy.service';

const bearer = (token: string) => ({ ...VERSION_HEADERS, authorization: `Bearer ${token}` });

describe('privacy API (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let manager: Record<string, string>;

  async function signIn(email: string, totpCode?: string): Promise<string> {
    const res = await mutate<SignInResult>(app, 'auth.signIn', { email, password: TEST_PASSWORD, totpCode });
    if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.error)}`);
    return res.data.accessToken;
  }

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'privacy-api');
    const db = testDb.handle.db;
    await buildPrivacyWorld(db);
    app = await buildApp(identityTestConfig(), { database: { ...testDb.handle, close: async () => {} }, logger: silentLogger() });
    for (const [email, role] of [['dpo@example.com', 'admin'], ['lead@example.com', 'manager']] as const) {
      const user = await createUser(db, { tenantId: 'tnt_demo', email, displayName: email, password: TEST_PASSWORD }, { userId: null });
      await grantRole(db, { tenantId: 'tnt_demo', userId: user.id, siteId: null, role }, { userId: null });
    }
    const first = await signIn('dpo@example.com');
    const { data: totp } = await mutate<{ secret: string }>(app, 'auth.beginTotp', {}, bearer(first));
    await mutate(app, 'auth.confirmTotp', { code: totpCodeFor(totp.secret) }, bearer(first));
    admin = bearer(await signIn('dpo@example.com', totpCodeFor(totp.secret)));
    manager = bearer(await signIn('lead@example.com'));
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('refuses anyone who may not manage people', async () => {
    expect((await query(app, 'privacy.exportPerson', { userId: ANN.id })).status).toBe(401);
    const refused = await mutate(app, 'privacy.erasePerson', { userId: ANN.id }, manager);
    expect(refused.status).toBe(403);
    expect(refused.error?.data).toMatchObject({ code: ErrorCode.Forbidden });
  });

  it('exports and erases a person of the caller’s tenant, naming the caller in the audit log', async () => {
    const exported = await query<PersonExport>(app, 'privacy.exportPerson', { userId: ANN.id }, admin);
    expect(exported.data.person).toMatchObject({ id: ANN.id, email: ANN.email });
    const erased = await mutate<ErasureReport>(app, 'privacy.erasePerson', { userId: ANN.id }, admin);
    expect(erased.data).toMatchObject({ userId: ANN.id, alreadyErased: false, signInsRevoked: 2 });
    expect((await mutate<ErasureReport>(app, 'privacy.erasePerson', { userId: ANN.id }, admin)).data).toMatchObject({ alreadyErased: true });
    const entry = await testDb.handle.db.selectFrom('audit_log').select(['actor_user_id', 'action']).where('subject', '=', `user:${ANN.id}`)
      .orderBy('seq', 'desc').executeTakeFirstOrThrow();
    const dpo = await testDb.handle.db.selectFrom('users').select('id').where('email', '=', 'dpo@example.com').executeTakeFirstOrThrow();
    expect(entry).toEqual({ action: 'person.erased', actor_user_id: dpo.id });
  });

  it('answers NOT_FOUND for a person of another tenant', async () => {
    const res = await query(app, 'privacy.exportPerson', { userId: 'usr_ann_other' }, admin);
    expect(res.status).toBe(404);
    expect(res.error?.data).toMatchObject({ code: ErrorCode.NotFound });
  });
});
