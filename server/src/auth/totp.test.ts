import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, newTotpSecret, otpauthUri, totpAt, verifyTotp } from './totp';

// The RFC 4226 / RFC 6238 shared secret for HMAC-SHA1: ASCII "12345678901234567890".
const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');

describe('HOTP and TOTP', () => {
  it('matches the RFC 4226 appendix D test values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotp(RFC_KEY, counter))).toEqual(expected);
  });

  it.each([
    [59, '94287082'],
    [1_111_111_109, '07081804'],
    [1_111_111_111, '14050471'],
    [1_234_567_890, '89005924'],
    [2_000_000_000, '69279037'],
    [20_000_000_000, '65353130'],
  ])('matches the RFC 6238 appendix B SHA-1 value at T=%i', (seconds, code) => {
    expect(totpAt(RFC_KEY, seconds, 8)).toBe(code);
    // Six digits, as authenticator apps show, are the same value modulo 10^6.
    expect(totpAt(RFC_KEY, seconds)).toBe(code.slice(2));
  });

  it('accepts the code of this step and one step either side, and nothing further', () => {
    const secret = base32Encode(RFC_KEY);
    const now = new Date(1_111_111_111_000);
    const at = (deltaSeconds: number) => totpAt(RFC_KEY, now.getTime() / 1000 + deltaSeconds);
    expect(verifyTotp(secret, at(0), now)).toBe(true);
    expect(verifyTotp(secret, at(-30), now)).toBe(true);
    expect(verifyTotp(secret, at(30), now)).toBe(true);
    expect(verifyTotp(secret, at(-60), now)).toBe(false);
    expect(verifyTotp(secret, at(60), now)).toBe(false);
  });

  it('takes a typed code with spaces and refuses anything that is not six digits', () => {
    const secret = base32Encode(RFC_KEY);
    const now = new Date(59_000);
    expect(verifyTotp(secret, '287 082', now)).toBe(true);
    expect(verifyTotp(secret, '28708', now)).toBe(false);
    expect(verifyTotp(secret, '2870822', now)).toBe(false);
    expect(verifyTotp(secret, 'abcdef', now)).toBe(false);
    expect(verifyTotp(secret, '', now)).toBe(false);
  });
});

describe('base32 secrets', () => {
  it('encodes the RFC 4648 test vectors (without padding)', () => {
    const vectors = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(Buffer.from(plain!))).toBe(encoded);
      expect(base32Decode(`${encoded!}====`).toString()).toBe(plain);
    }
  });

  it('round-trips any bytes, whatever case and spacing a person copies it with', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const encoded = base32Encode(bytes);
      const typed = encoded.toLowerCase().replace(/(.{4})/g, '$1 ');
      expect([...base32Decode(typed)]).toEqual([...bytes]);
    }));
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow('"1" is not a base32 character');
  });

  it('makes 160-bit secrets and an otpauth URI authenticator apps read', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    const uri = new URL(otpauthUri(secret, 'ana@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/CapLiquify:ana@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret, issuer: 'CapLiquify', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});
