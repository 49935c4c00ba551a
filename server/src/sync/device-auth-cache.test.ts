import { describe, expect, it } from 'vitest';
import { cachedIdentity, DEVICE_AUTH_TTL_MS, forgetDevice, rememberIdentity } from './device-auth-cache';
import type { DeviceIdentity } from './device-auth.service';
import { hashSecret, newDeviceId, newDeviceSecret } from './credentials';

function identity(): DeviceIdentity {
  return { deviceId: newDeviceId(), tenantId: 'tnt', siteId: 'site_a', role: 'operator', scopes: ['catalog', 'site:site_a'] };
}

describe('device credential cache', () => {
  it('answers the identity for the right secret until the TTL runs out', () => {
    const device = identity();
    const secret = newDeviceSecret();
    rememberIdentity(device, hashSecret(secret), 1_000);
    expect(cachedIdentity(device.deviceId, secret, 1_000 + DEVICE_AUTH_TTL_MS - 1)).toEqual(device);
    expect(cachedIdentity(device.deviceId, newDeviceSecret(), 1_001)).toBeNull();
    expect(cachedIdentity(device.deviceId, secret, 1_000 + DEVICE_AUTH_TTL_MS)).toBeNull();
    // Expired means gone: the next call reads the row again.
    expect(cachedIdentity(device.deviceId, secret, 1_001)).toBeNull();
  });

  it('forgets a device at once (revocation)', () => {
    const device = identity();
    const secret = newDeviceSecret();
    rememberIdentity(device, hashSecret(secret));
    expect(cachedIdentity(device.deviceId, secret)).toEqual(device);
    forgetDevice(device.deviceId);
    expect(cachedIdentity(device.deviceId, secret)).toBeNull();
  });
});
