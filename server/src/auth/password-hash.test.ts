import { describe, expect, it } from 'vitest';
import { decoyHash, hashPassword, SCRYPT_PARAMS, verifyPassword } from './password-hash';

describe('password hashes', () => {
  it('stores scrypt with its parameters and a fresh salt, and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    const [scheme, N, r, p, salt, key] = hash.split('$');
    expect([scheme, Number(N), Number(r), Number(p)]).toEqual(['scrypt', SCRYPT_PARAMS.N, SCRYPT_PARAMS.r, SCRYPT_PARAMS.p]);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', hash)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', hash)).toBe(false);
    expect(await hashPassword('correct horse battery staple')).not.toBe(hash);
  });

  it('verifies a hash made with other parameters, as read from the hash itself', async () => {
    const cheap = await hashPassword('an older cheaper hash', { N: 2 ** 10, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('an older cheaper hash', cheap)).toBe(true);
  });

  it('treats the same text in composed and decomposed Unicode as one password', async () => {
    const hash = await hashPassword('Gr\u00fc\u00dfe aus K\u00f6ln');
    expect(await verifyPassword('Gru\u0308\u00dfe aus Ko\u0308ln', hash)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['bcrypt$10$abc', 'another scheme'],
    ['scrypt$1000$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5', 'N not a power of two'],
    ['scrypt$2097152$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5', 'N too large to verify safely'],
    ['scrypt$1024$8$1$$a2V5a2V5a2V5a2V5a2V5a2V5', 'no salt'],
  ])('refuses a malformed stored hash (%s: %s)', async (stored) => {
    expect(await verifyPassword('anything at all', stored)).toBe(false);
  });

  it('has a decoy hash that no password is known to match', async () => {
    const decoy = await decoyHash();
    expect(decoy).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await decoyHash()).toBe(decoy);
    expect(await verifyPassword('', decoy)).toBe(false);
  });
});
