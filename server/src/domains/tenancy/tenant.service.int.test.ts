import { ErrorCode } from '@capliquify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/databases';
import { AppError } from '../../errors/app.error';
import { resolveTenantId } from './tenant.service';

describe.each(['postgres', 'pglite'] as const)('resolveTenantId on %s', (kind) => {
  let testDb: TestDatabase;
  const db = () => testDb.handle.db;

  beforeAll(async () => {
    testDb = await openTestDatabase(kind, 'tenant');
  });
  afterAll(() => testDb.cleanup());

  it('answers NOT_FOUND with what to do while no tenant exists', async () => {
    const error = await resolveTenantId(db()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: ErrorCode.NotFound, message: expect.stringMatching(/No tenant exists yet: seed demo data/) });
  });

  it('acts for the demo tenant when present, whatever was created first', async () => {
    await db().insertInto('tenants').values({ id: 'tnt_first', name: 'First', base_currency: 'EUR' }).execute();
    expect(await resolveTenantId(db())).toBe('tnt_first');
    await db().insertInto('tenants').values({ id: 'tnt_demo', name: 'Demo', base_currency: 'EUR' }).execute();
    expect(await resolveTenantId(db())).toBe('tnt_demo');
  });
});
