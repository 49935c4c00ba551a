import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { notFound } from '../../errors/app.error';
import { findDefaultTenantId } from './tenant.repo';

/**
 * The tenant a request acts for. Until identity arrives every request belongs to the one tenant of
 * this installation; an empty database is a NOT_FOUND the person can act on, not a crash.
 */
export async function resolveTenantId(db: Kysely<Database>): Promise<string> {
  const tenantId = await findDefaultTenantId(db);
  if (!tenantId) {
    throw notFound('No tenant exists yet: seed demo data (`npm run cli -- seed`) or create a tenant first.');
  }
  return tenantId;
}
