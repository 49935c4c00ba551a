import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSecretBox, keyIdOf } from './secret-box';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

function replacePart(sealed: string, index: number, change: (part: Buffer) => Buffer): string {
  const parts = sealed.split('.');
  parts[index] = change(Buffer.from(parts[index]!, 'base64url')).toString('base64url');
  return parts.join('.');
}

function flipFirstBit(part: Buffer): Buffer {
  const copy = Buffer.from(part);
  copy[0] = copy[0]! ^ 1;
  return copy;
}

describe('createSecretBox', () => {
  it('opens what it sealed, for any text', () => {
    const box = createSecretBox([k1]);
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (plain) => box.open(box.seal(plain)) === plain));
  });

  it('writes a self-describing value with a fresh IV each time', () => {
    const box = createSecretBox([k1]);
    const [a, b] = [box.seal('shpat_123'), box.seal('shpat_123')];
    expect(a).toMatch(/^v1\.k1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('shpat_123');
    expect(keyIdOf(a)).toBe('k1');
  });

  it('seals with the newest key and still opens values sealed with an older one', () => {
    const old = createSecretBox([k1]).seal('old secret');
    const rotated = createSecretBox([k2, k1]);
    expect(rotated.open(old)).toBe('old secret');
    expect(rotated.isCurrent(old)).toBe(false);
    const fresh = rotated.seal('new secret');
    expect(keyIdOf(fresh)).toBe('k2');
    expect(rotated.isCurrent(fresh)).toBe(true);
  });

  it('refuses a value sealed with a key it does not know, naming the key', () => {
    const sealed = createSecretBox([k2]).seal('top secret');
    expect(() => createSecretBox([k1]).open(sealed)).toThrow(/key "k2", which is not configured/);
  });

  it.each([
    ['ciphertext', 4],
    ['tag', 3],
    ['IV', 2],
  ])('detects a tampered %s without revealing the plaintext', (_name, index) => {
    const box = createSecretBox([k1]);
    const tampered = replacePart(box.seal('top secret'), index, flipFirstBit);
    expect(() => box.open(tampered)).toThrow(/authentication failed/);
    try {
      box.open(tampered);
    } catch (error) {
      expect(String(error)).not.toContain('top secret');
    }
  });

  it('binds the key id: relabelling a value with another known key id fails', () => {
    const box = createSecretBox([k1, { id: 'k1b', key: k1.key }]);
    const relabelled = box.seal('top secret').replace(/^v1\.k1\./, 'v1.k1b.');
    expect(() => box.open(relabelled)).toThrow(/authentication failed with key "k1b"/);
  });

  it('rejects values that are not sealed values and bad keys', () => {
    const box = createSecretBox([k1]);
    expect(() => box.open('plain text')).toThrow(/not a v1 sealed value/);
    expect(() => box.open('v1.k1.AAAA.AAAA.AAAA')).toThrow(/wrong length/);
    expect(() => createSecretBox([])).toThrow(/at least one key/);
    expect(() => createSecretBox([{ id: 'short', key: randomBytes(16) }])).toThrow(/32 bytes/);
    expect(() => createSecretBox([k1, k1])).toThrow(/appears twice/);
  });
});
