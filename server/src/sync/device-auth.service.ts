import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../errors/app.error';
import { parseDeviceAuthorization, secretMatches } from './credentials';
import { findDevice } from './devices.repo';
import { scopesForSite } from './scopes';

export const DEVICE_REVOKED_MESSAGE = 'This device was revoked by an administrator; its unsent work is kept and can be exported.';

export interface DeviceIdentity {
  deviceId: string;
  tenantId: string;
  siteId: string;
  role: string;
  /** The scopes it replicates, in pull order. */
  scopes: string[];
}

export function deviceRevoked(): AppError {
  return new AppError(ErrorCode.DeviceRevoked, DEVICE_REVOKED_MESSAGE);
}

/**
 * The device behind an `authorization: Device <deviceId>.<secret>` header. Missing or wrong
 * credentials are UNAUTHORIZED (one message for both, so ids cannot be probed); a revoked device
 * is DEVICE_REVOKED, which the desktop shows and answers by keeping its outbox for export.
 */
export async function authenticateDevice(db: Kysely<Database>, authorization: string | null): Promise<DeviceIdentity> {
  const parsed = parseDeviceAuthorization(authorization);
  if (!parsed) throw new AppError(ErrorCode.Unauthorized, 'A device credential is required: `authorization: Device <credential>`.');
  const device = await findDevice(db, parsed.deviceId);
  if (!device?.credential_hash || !device.site_id || !secretMatches(parsed.secret, device.credential_hash)) {
    throw new AppError(ErrorCode.Unauthorized, 'The device credential is not valid; enroll the device again.');
  }
  if (device.revoked_at) throw deviceRevoked();
  return { deviceId: device.id, tenantId: device.tenant_id, siteId: device.site_id, role: device.role, scopes: scopesForSite(device.site_id) };
}
