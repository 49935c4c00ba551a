import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyIdOf } from './secret-box';
import { loadSecretBox } from './load-secret-box';

function freshDir(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'capliquify-secrets-')), 'data');
}

describe('loadSecretBox', () => {
  it('uses the configured keys, newest first', () => {
    const box = loadSecretBox({ dataDir: freshDir(), secretKeys: [{ id: 'k2', key: randomBytes(32) }, { id: 'k1', key: randomBytes(32) }] });
    expect(keyIdOf(box.seal('x'))).toBe('k2');
  });

  it('creates a private 32-byte key file once on embedded defaults and reuses it', () => {
    const dataDir = freshDir();
    const sealed = loadSecretBox({ dataDir, secretKeys: null }).seal('token');
    const file = path.join(dataDir, 'secrets.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file)).toHaveLength(32);
    expect(keyIdOf(sealed)).toBe('local');
    expect(loadSecretBox({ dataDir, secretKeys: null }).open(sealed)).toBe('token');
  });

  it('refuses a damaged key file instead of replacing it', () => {
    const dataDir = freshDir();
    loadSecretBox({ dataDir, secretKeys: null });
    writeFileSync(path.join(dataDir, 'secrets.key'), 'short');
    expect(() => loadSecretBox({ dataDir, secretKeys: null })).toThrow(/must hold exactly 32 bytes/);
  });
});
