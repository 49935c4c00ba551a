import { ErrorCode, type EnrollRequest, type EnrollResponse } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { appendAudit } from '../audit/audit.service';
import { AppError, notFound } from '../errors/app.error';
import { hashSecret, newDeviceId, newDeviceSecret, newEnrollmentCode, normalizeEnrollmentCode } from './credentials';
import { insertDevice } from './devices.repo';
import { insertEnrollmentCode, lockEnrollmentCode, markEnrollmentCodeUsed, siteExists } from './enrollment-codes.repo';
import { deviceRoles, scopesForSite, type DeviceRole } from './scopes';

export interface EnrollmentCodeRequest {
  tenantId: string;
  siteId: string;
  /** The device's name as the admin wants to see it; the device's own name otherwise. */
  name?: string;
  /** 60 when absent. */
  expiresInMinutes?: number;
  /** The person issuing it, for the audit log; absent from the CLI. */
  actorUserId?: string | null;
  /** What the device becomes: a plant-floor station (`operator`, the default) or a finance workstation. */
  role?: DeviceRole;
}

export interface EnrollmentCode {
  /** Shown once; only its hash is stored. */
  code: string;
  expiresAt: Date;
  siteId: string;
  role: DeviceRole;
}

/** Issues a one-time enrollment code for a device at a site. */
export async function createEnrollmentCode(db: Kysely<Database>, request: EnrollmentCodeRequest): Promise<EnrollmentCode> {
  if (!(await siteExists(db, request.tenantId, request.siteId))) throw notFound(`No site "${request.siteId}" in this tenant.`);
  const minutes = request.expiresInMinutes ?? 60;
  if (!(minutes > 0)) throw new AppError(ErrorCode.BadRequest, 'An enrollment code must expire in a positive number of minutes.');
  const role = request.role ?? 'operator';
  if (!deviceRoles.includes(role)) throw new AppError(ErrorCode.BadRequest, `A device is enrolled as ${deviceRoles.map((r) => `"${r}"`).join(' or ')}, not "${String(role)}".`);
  const code = newEnrollmentCode();
  const expiresAt = new Date(Date.now() + minutes * 60_000);
  await db.transaction().execute(async (trx) => {
    await insertEnrollmentCode(trx, { codeHash: hashSecret(normalizeEnrollmentCode(code)), tenantId: request.tenantId, siteId: request.siteId, name: request.name ?? null, expiresAt, deviceRole: role });
    await appendAudit(trx, {
      tenantId: request.tenantId, actorUserId: request.actorUserId, action: 'device.enrollment_code_issued', subject: `site:${request.siteId}`,
      // A finance workstation is worth its own mention: it will hold every customer's balances.
      details: { expiresAt: expiresAt.toISOString(), ...(role === 'operator' ? {} : { role }) },
    });
  });
  return { code, expiresAt, siteId: request.siteId, role };
}

/** Trades a one-time code for a device and its credential; the code is spent in the same transaction. */
export async function enrollDevice(db: Kysely<Database>, request: EnrollRequest): Promise<EnrollResponse> {
  const codeHash = hashSecret(normalizeEnrollmentCode(request.code));
  return db.transaction().execute(async (trx) => {
    const code = await lockEnrollmentCode(trx, codeHash);
    if (!code) throw new AppError(ErrorCode.Unauthorized, 'This enrollment code is not valid; ask an administrator for a new one.');
    if (code.used_at) throw new AppError(ErrorCode.Unauthorized, 'This enrollment code was already used; ask an administrator for a new one.');
    if (code.expires_at.getTime() <= Date.now()) throw new AppError(ErrorCode.Unauthorized, 'This enrollment code has expired; ask an administrator for a new one.');
    await markEnrollmentCodeUsed(trx, codeHash);
    const deviceId = newDeviceId();
    const secret = newDeviceSecret();
    await insertDevice(trx, {
      id: deviceId, tenantId: code.tenant_id, siteId: code.site_id, name: code.name ?? request.name,
      credentialHash: hashSecret(secret), appVersion: request.appVersion ?? null, role: code.device_role,
    });
    await appendAudit(trx, { tenantId: code.tenant_id, actorDeviceId: deviceId, action: 'device.enrolled', subject: `device:${deviceId}`, details: { siteId: code.site_id, ...(code.device_role === 'operator' ? {} : { role: code.device_role }) } });
    return { deviceId, credential: `${deviceId}.${secret}`, siteId: code.site_id, scopes: scopesForSite(code.site_id, code.device_role) };
  });
}
