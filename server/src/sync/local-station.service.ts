import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { listSites } from '../domains/inventory/catalog.repo';
import { resolveTenantId } from '../domains/tenancy/tenant.service';
import { AppError } from '../errors/app.error';
import { ErrorCode } from '@capliquify/shared';
import { createEnrollmentCode, type EnrollmentCode } from './enrollment.service';

/**
 * A short-lived code for the station that `npm start` runs next to the server (the demo's own
 * browser host): enrolled at the first plant, and as a finance workstation too, so one demo
 * station shows every section (counting, forecasts, finance, admin).
 */
export async function createLocalStationCode(db: Kysely<Database>, name: string): Promise<EnrollmentCode> {
  const tenantId = await resolveTenantId(db);
  const sites = await listSites(db, tenantId);
  const site = sites.find((s) => s.kind === 'plant') ?? sites[0];
  if (!site) throw new AppError(ErrorCode.NotFound, 'The tenant has no site to enrol a station at; create one or seed demo data.');
  return createEnrollmentCode(db, { tenantId, siteId: site.id, name, expiresInMinutes: 10, role: 'finance' });
}
