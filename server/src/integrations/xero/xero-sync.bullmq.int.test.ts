import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { TEST_REDIS_URL } from '../../../test/env';
import { insertFixture } from '../../../test/fixture';
import { silentLogger } from '../../../test/logs';
import { createBullmqRunner } from '../../jobs/bullmq.runner';
import { waitFor } from '../../jobs/test/wait-for';
import type { Integration } from '../integrations.repo';
import { xeroContact, xeroInvoice } from './test/xero-records';
import { startXeroWorld, type XeroWorld } from './test/xero-world';
import { createXeroDeltaSyncJob } from './xero-delta-sync.job';
import { createXeroFullSyncJob } from './xero-full-sync.job';

describe('Xero sync jobs through BullMQ on Redis, on PostgreSQL', () => {
  let testDb: TestDatabase;
  let world: XeroWorld;
  let integration: Integration;
  let org: string;
  let runner: ReturnType<typeof createBullmqRunner>;
  let jobs: [ReturnType<typeof createXeroFullSyncJob>, ReturnType<typeof createXeroDeltaSyncJob>];
  const db = () => testDb.handle.db;
  const settle = () => waitFor('the queue to drain', async () => (await runner.counts()).length === 0);

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'xero-bullmq');
    await insertFixture(db());
    world = await startXeroWorld(db());
    org = world.fake.addOrganisation('Demo Manufacturing Ltd').tenantId;
    [integration] = await world.connect() as [Integration];
    jobs = [createXeroFullSyncJob(() => world.rt), createXeroDeltaSyncJob(() => world.rt)];
    runner = createBullmqRunner({ db: db(), logger: silentLogger(), jobs }, { redisUrl: TEST_REDIS_URL, queueName: `test-xero-${randomBytes(4).toString('hex')}` });
    await runner.start();
  });
  afterAll(async () => {
    await runner?.queue.obliterate({ force: true });
    await runner?.close();
    await world?.close();
    await testDb?.cleanup();
  });

  it('runs the daily fan-out, which queues and runs one full sync per organisation', async () => {
    const contact = xeroContact();
    world.fake.put(org, 'Contacts', contact);
    world.fake.put(org, 'Invoices', xeroInvoice(contact, { InvoiceNumber: 'INV-BULL-1', Total: 99.5, AmountDue: 99.5 }));
    await runner.enqueue(jobs[0], {});
    await settle();
    expect(await db().selectFrom('invoices').select(['number', 'total_minor']).where('number', '=', 'INV-BULL-1').execute()).toEqual([{ number: 'INV-BULL-1', total_minor: '9950' }]);
    expect(await db().selectFrom('integration_runs').select('status').where('integration_id', '=', integration.id).execute()).toHaveLength(3);
  });

  it('dead-letters a delta sync that met a malformed answer, with the reason and the tenant, without retrying it', async () => {
    world.fake.fail({ kind: 'malformed' });
    await runner.enqueue(jobs[1], { tenantId: 'tnt_demo', integrationId: integration.id });
    await settle();
    const letters = await db().selectFrom('dead_letters').selectAll().where('job', '=', 'xero-delta-sync').execute();
    expect(letters).toEqual([expect.objectContaining({ tenant_id: 'tnt_demo', attempts: 1, error: expect.stringContaining('not JSON') })]);
  });
});
