import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ErrorCode } from '@capliquify/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArtifactStore } from './artifact-store';

describe('the artifact store', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'capliquify-artifacts-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('keeps a file under its sha512, once however often it is stored, and per tenant', async () => {
    const bytes = randomBytes(300_000);
    const chunks = () => Readable.from([bytes.subarray(0, 1_000), bytes.subarray(1_000)]);
    const stored = await new ArtifactStore(root).put('tnt_a', chunks(), 1e6);
    expect(stored).toEqual({ sha512: createHash('sha512').update(bytes).digest('base64'), size: bytes.length });
    await new ArtifactStore(root).put('tnt_a', chunks(), 1e6);
    expect(await readdir(path.join(root, 'tnt_a'))).toEqual([Buffer.from(stored.sha512, 'base64').toString('hex')]);
    expect((await readFile(new ArtifactStore(root).pathOf('tnt_a', stored.sha512))).equals(bytes)).toBe(true);
    expect(await new ArtifactStore(root).sizeOf('tnt_b', stored.sha512)).toBeNull();
  });

  it('leaves nothing behind when a file is too large or its stream fails half-way', async () => {
    const store = new ArtifactStore(root);
    await expect(store.put('tnt_a', Readable.from([randomBytes(2_000)]), 1_000)).rejects.toMatchObject({ code: ErrorCode.PayloadTooLarge });
    const failing = new Readable({ read() {} });
    failing.push(randomBytes(500));
    setImmediate(() => failing.destroy(new Error('connection reset')));
    await expect(store.put('tnt_a', failing, 1e6)).rejects.toThrow('connection reset');
    expect(await readdir(path.join(root, 'tnt_a'))).toEqual([]);
  });

  it('refuses a tenant id that could climb out of its folder', () => {
    expect(() => new ArtifactStore(root).pathOf('../etc', 'AAAA')).toThrow('Unexpected tenant id');
  });
});
