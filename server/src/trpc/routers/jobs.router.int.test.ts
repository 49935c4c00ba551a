import { ErrorCode } from '@capliquify/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestConfig } from '../../../test/auth';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { insertPerson, insertSignIn } from '../../../test/people';
import { mutate, query, VERSION_HEADERS } from '../../../test/sync';
import { buildApp } from '../../app';
import { createAccessTokens, secretBytes } from '../../auth/access-token';
import { setIntegrationStatus, upsertIntegration } from '../../integrations/integrations.repo';
import type { IntegrationStatus } from '../../integrations/integrations.service';
import type { DeadLetter } from '../../jobs/dead-letters.service';
import { createInProcessRunner } from '../../jobs/in-process.runner';
import { createTestJobTables, effectJob, effectsOf, openGate, TEST_JOBS } from '../../jobs/test/test-jobs';
import { waitFor } from '../../jobs/test/wait-for';

const config = identityTestConfig();
const tokens = createAccessTokens(async () => secretBytes((config.identity as { tokenSecret: string }).tokenSecret, 'utf8'));

describe('jobs and integrations API', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let adminId: string;
  const db = () => testDb.handle.db;

  async function adminOf(tenantId: string): Promise<{ headers: Record<string, string>; userId: string }> {
    const person = await insertPerson(db(), { tenantId });
    const signInId = await insertSignIn(db(), person, null);
    const { token } = await tokens.issue({ userId: person.userId, tenantId, signInId, mfa: true }, new Date());
    return { headers: { ...VERSION_HEADERS, authorization: `Bearer ${token}` }, userId: person.userId };
  }

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'jobs-api');
    await insertFixture(db());
    await createTestJobTables(db());
    app = await buildApp(config, {
      database: { ...testDb.handle, close: async () => {} }, logger: silentLogger(),
      jobs: { runner: (deps) => createInProcessRunner({ ...deps, jobs: TEST_JOBS }) },
    });
    ({ headers: admin, userId: adminId } = await adminOf('tnt_demo'));
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.cleanup();
  });

  it("shows an admin their tenant's dead letters, and lets them retry one (audited)", async () => {
    await app.jobs.enqueue(effectJob, { n: 1, tenantId: 'tnt_demo', permanentUntilGate: true });
    await app.jobs.enqueue(effectJob, { n: 2, tenantId: 'tnt_other', permanentUntilGate: true });
    const letters = await waitFor('the dead letter', async () => {
      const listed = await query<DeadLetter[]>(app, 'jobs.deadLetters', {}, admin);
      return listed.data.length > 0 && listed.data;
    });
    expect(letters).toEqual([expect.objectContaining({ job: 'test-effect', tenantId: 'tnt_demo', input: { n: 1, tenantId: 'tnt_demo', permanentUntilGate: true }, error: 'job 1 cannot work until its gate opens', attempts: 1 })]);
    await openGate(db(), 1);
    const retried = await mutate<{ jobId: string }>(app, 'jobs.retry', { deadLetterId: letters[0]!.id }, admin);
    expect(retried.status).toBe(200);
    await waitFor('the retried job to apply its effect', async () => (await effectsOf(db())).some((e) => e.n === 1));
    expect((await query<DeadLetter[]>(app, 'jobs.deadLetters', {}, admin)).data).toEqual([]);
    expect((await query<DeadLetter[]>(app, 'jobs.deadLetters', { includeResolved: true }, admin)).data).toEqual([expect.objectContaining({ id: letters[0]!.id, resolution: 'retried' })]);
    const audit = await db().selectFrom('audit_log').select(['action', 'actor_user_id', 'subject']).where('action', '=', 'job.retried').execute();
    expect(audit).toEqual([{ action: 'job.retried', actor_user_id: adminId, subject: `dead_letter:${letters[0]!.id}` }]);
  });

  it("discards a letter, and answers NOT_FOUND for another tenant's", async () => {
    const theirs = await db().selectFrom('dead_letters').select('id').where('tenant_id', '=', 'tnt_other').executeTakeFirstOrThrow();
    for (const path of ['jobs.retry', 'jobs.discard']) {
      const refused = await mutate(app, path, { deadLetterId: theirs.id }, admin);
      expect([refused.status, refused.error?.data.code]).toEqual([404, ErrorCode.NotFound]);
    }
    const other = await adminOf('tnt_other');
    const discarded = await mutate(app, 'jobs.discard', { deadLetterId: theirs.id }, other.headers);
    expect(discarded.data).toEqual({ deadLetterId: theirs.id, job: 'test-effect' });
    const again = await mutate(app, 'jobs.discard', { deadLetterId: theirs.id }, other.headers);
    expect([again.status, again.error?.data.code]).toEqual([409, ErrorCode.Conflict]);
  });

  it('lists, pauses and resumes integrations; one that needs reconnecting is not resumed', async () => {
    const store = await upsertIntegration(db(), { tenantId: 'tnt_demo', vendor: 'shopify', name: 'demo.myshopify.com', settings: { feeRatePct: 2.9 } });
    const books = await upsertIntegration(db(), { tenantId: 'tnt_demo', vendor: 'xero', name: 'Demo Ltd', settings: {} });
    await upsertIntegration(db(), { tenantId: 'tnt_other', vendor: 'amazon', name: 'Other seller', settings: {} });
    await setIntegrationStatus(db(), books.id, 'needs_reauth');
    const listed = await query<IntegrationStatus[]>(app, 'integrations.list', undefined, admin);
    expect(listed.data.map((i) => [i.vendor, i.name, i.status, i.settings])).toEqual([['shopify', 'demo.myshopify.com', 'active', { feeRatePct: 2.9 }], ['xero', 'Demo Ltd', 'needs_reauth', {}]]);
    expect((await mutate(app, 'integrations.pause', { integrationId: store.id }, admin)).data).toEqual({ id: store.id, status: 'paused' });
    expect((await mutate(app, 'integrations.resume', { integrationId: store.id }, admin)).data).toEqual({ id: store.id, status: 'active' });
    const reauth = await mutate(app, 'integrations.resume', { integrationId: books.id }, admin);
    expect([reauth.status, reauth.error?.message]).toEqual([409, 'Demo Ltd (xero) needs to be reconnected: its credentials were refused.']);
    const audit = await db().selectFrom('audit_log').select(['action', 'subject']).where('action', 'like', 'integration.%').orderBy('seq').execute();
    expect(audit).toEqual([{ action: 'integration.paused', subject: `integration:${store.id}` }, { action: 'integration.resumed', subject: `integration:${store.id}` }]);
  });
});
