import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../errors/app.error';
import { cachedIdentity, rememberIdentity } from './device-auth-cache';
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
 * A verified credential is cached for DEVICE_AUTH_TTL_MS (see device-auth-cache.ts for what that
 * means for revocation): most sync calls then need no database read to authenticate.
 */
export async function authenticateDevice(db: Kysely<Database>, authorization: string | null): Promise<DeviceIdentity> {
  const parsed = parseDeviceAuthorization(authorization);
  if (!parsed) throw new AppError(ErrorCode.Unauthorized, 'A device credential is required: `authorization: Device <credential>`.');
  const cached = cachedIdentity(parsed.deviceId, parsed.secret);
  if (cached) return cached;
  const device = await findDevice(db, parsed.deviceId);
  if (!device?.credential_hash || !device.site_id || !secretMatches(parsed.secret, device.credential_hash)) {
    throw new AppError(ErrorCode.Unauthorized, 'The device credential is not valid; enroll the device again.');
  }
  if (device.revoked_at) throw deviceRevoked();
  const identity: DeviceIdentity = { deviceId: device.id, tenantId: device.tenant_id, siteId: device.site_id, role: device.role, scopes: scopesForSite(device.site_id, device.role) };
  rememberIdentity(identity, device.credential_hash);
  return identity;
}
