import { describe, expect, it } from 'vitest';
import { hashSecret, newDeviceId, newDeviceSecret, newEnrollmentCode, normalizeEnrollmentCode, parseDeviceAuthorization, secretMatches } from './credentials';

describe('device credentials', () => {
  it('parses the header a device sends and refuses anything else', () => {
    const deviceId = newDeviceId();
    const secret = newDeviceSecret();
    expect(parseDeviceAuthorization(`Device ${deviceId}.${secret}`)).toEqual({ deviceId, secret });
    for (const bad of [null, '', `Bearer ${deviceId}.${secret}`, `Device ${deviceId}`, `Device .${secret}`, `Device ${deviceId}.`, 'Device a.b.c']) {
      expect(parseDeviceAuthorization(bad)).toBeNull();
    }
  });

  it('matches a secret only against its own hash', () => {
    const secret = newDeviceSecret();
    expect(secretMatches(secret, hashSecret(secret))).toBe(true);
    expect(secretMatches(newDeviceSecret(), hashSecret(secret))).toBe(false);
    expect(secretMatches(secret, 'not-hex')).toBe(false);
  });

  it('makes readable codes that survive retyping', () => {
    const code = newEnrollmentCode();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(normalizeEnrollmentCode(` ${code.toLowerCase().replaceAll('-', ' ')} `)).toBe(code.replaceAll('-', ''));
  });
});
