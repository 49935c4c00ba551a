import type { DeviceIdentity } from './device-auth.service';
import { secretMatches } from './credentials';

/**
 * How long a verified credential is trusted without reading the device row. Revocation is still
 * immediate for data: a push locks the device row and a pull reads it with the page, and both
 * refuse a revoked device; revoking through `revokeDevice` also forgets the device here at once
 * and, given the poke bus, on every instance. What the TTL can let through is opening `/events`
 * (pokes only, no data) from another process's revocation, for at most this long.
 */
export const DEVICE_AUTH_TTL_MS = 30_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  credentialHash: string;
  identity: DeviceIdentity;
  expiresAt: number;
}

// Per process and keyed by device id (random, unique across databases).
const entries = new Map<string, Entry>();

/** The identity cached for this device, when the secret matches the credential it was verified with. */
export function cachedIdentity(deviceId: string, secret: string, now = Date.now()): DeviceIdentity | null {
  const entry = entries.get(deviceId);
  if (!entry) return null;
  if (entry.expiresAt <= now) {
    entries.delete(deviceId);
    return null;
  }
  return secretMatches(secret, entry.credentialHash) ? entry.identity : null;
}

export function rememberIdentity(identity: DeviceIdentity, credentialHash: string, now = Date.now()): void {
  entries.delete(identity.deviceId);
  // Insertion order is age order: past the bound the oldest entry goes.
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(identity.deviceId, { credentialHash, identity, expiresAt: now + DEVICE_AUTH_TTL_MS });
}

/** The next call of this device reads its row again (revoked, re-keyed). */
export function forgetDevice(deviceId: string): void {
  entries.delete(deviceId);
}
