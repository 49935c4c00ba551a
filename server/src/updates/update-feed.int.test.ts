import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../test/databases';
import { electronBuilderYaml, updaterHttp } from './test/electron-updater-compat';
import { fakeBuild, openFleetWorld, sha512Base64, type FleetWorld } from './test/fleet-world';
import type { UpdateInfo } from './update-info';

describe.each(BACKENDS)('the update feed on %s', (kind) => {
  let world: FleetWorld;
  let work: string;
  const build = fakeBuild('1.4.0');
  const exe = 'CapLiquify-Setup-1.4.0.exe';

  beforeAll(async () => {
    world = await openFleetWorld(kind, `feed-${kind}`);
    await world.publish('1.4.0', build, { ring: { ring: 'all' } });
    await world.listen();
    work = await mkdtemp(path.join(tmpdir(), 'capliquify-feed-'));
  });
  afterAll(async () => {
    await world?.close();
    await rm(work, { recursive: true, force: true });
  });

  async function channelFile(file: string): Promise<UpdateInfo> {
    // Without a credential electron-updater adds ?noCache=… to defeat caches.
    const text = await updaterHttp.channelFile(new URL(`${world.baseUrl}/updates/latest/${file}?noCache=1ab2c3`));
    return electronBuilderYaml.load(text!) as UpdateInfo;
  }

  it('serves each platform its channel file with the sha512 and size of the files as uploaded', async () => {
    const windows = await channelFile('latest.yml');
    expect(windows).toMatchObject({ version: '1.4.0', path: exe, sha512: sha512Base64(build[exe]!) });
    expect(windows.files).toEqual([{ url: exe, sha512: sha512Base64(build[exe]!), size: build[exe]!.length }]);
    expect(windows.stagingPercentage).toBeUndefined();
    expect((await channelFile('latest-mac.yml')).files.map((f) => f.url)).toEqual(['CapLiquify-1.4.0-arm64-mac.zip']);
    expect((await channelFile('latest-linux.yml')).path).toBe('CapLiquify-1.4.0-x86_64.AppImage');
  });

  it('sends every file back byte for byte through electron-updater\'s own download and sha512 check', async () => {
    for (const info of [await channelFile('latest.yml'), await channelFile('latest-mac.yml'), await channelFile('latest-linux.yml')]) {
      const file = info.files[0]!;
      const target = path.join(work, file.url);
      await updaterHttp.downloadVerified(new URL(file.url, `${world.baseUrl}/updates/latest/`), target, file.sha512);
      expect((await readFile(target)).equals(build[file.url]!)).toBe(true);
    }
    // Block maps are served for differential downloads even though the feed does not list them.
    const blockmap = await world.app.inject({ url: `/updates/latest/${exe}.blockmap` });
    expect(Buffer.from(blockmap.rawPayload).equals(build[`${exe}.blockmap`]!)).toBe(true);
  });

  it('lets electron-updater\'s check fail on a tampered artifact', async () => {
    const info = await channelFile('latest-linux.yml');
    const blob = world.store.pathOf('tnt_demo', info.sha512);
    const original = await readFile(blob);
    const tampered = Buffer.from(original);
    tampered[100] = tampered[100]! ^ 0xff;
    await writeFile(blob, tampered);
    try {
      const download = updaterHttp.downloadVerified(new URL(info.path, `${world.baseUrl}/updates/latest/`), path.join(work, 'tampered.AppImage'), info.sha512);
      await expect(download).rejects.toMatchObject({ code: 'ERR_CHECKSUM_MISMATCH' });
    } finally {
      await writeFile(blob, original);
    }
  });

  it('answers ranges: one, a suffix, several as multipart/byteranges in the order asked, and 416 past the end', async () => {
    const bytes = build[exe]!;
    const one = await world.app.inject({ url: `/updates/latest/${exe}`, headers: { range: 'bytes=100-199' } });
    expect([one.statusCode, one.headers['content-range'], one.headers['content-length']]).toEqual([206, `bytes 100-199/${bytes.length}`, '100']);
    expect(Buffer.from(one.rawPayload).equals(bytes.subarray(100, 200))).toBe(true);
    const suffix = await world.app.inject({ url: `/updates/latest/${exe}`, headers: { range: 'bytes=-10' } });
    expect(Buffer.from(suffix.rawPayload).equals(bytes.subarray(bytes.length - 10))).toBe(true);

    // As electron-updater's multipleRangeDownloader asks: "bytes=a-b, c-d, …", parts read back by position.
    const asked = [[5_000, 5_099], [10, 19], [60_000, 60_999]] as const;
    const multi = await world.app.inject({ url: `/updates/latest/${exe}`, headers: { range: `bytes=${asked.map(([a, b]) => `${a}-${b}`).join(', ')}` } });
    expect(multi.statusCode).toBe(206);
    const contentType = String(multi.headers['content-type']);
    const boundary = /^multipart\/.+?(?:; boundary=(?:(?:"(.+)")|(?:([^\s]+))))$/i.exec(contentType);
    expect(boundary, contentType).not.toBeNull();
    const body = Buffer.from(multi.rawPayload);
    expect(Number(multi.headers['content-length'])).toBe(body.length);
    expect(body.subarray(0, 2 + boundary![2]!.length).toString()).toBe(`--${boundary![2]}`);
    expect(readParts(body, boundary![2]!)).toEqual(asked.map(([a, b]) => ({ range: `bytes ${a}-${b}/${bytes.length}`, data: bytes.subarray(a, b + 1).toString('hex') })));

    const past = await world.app.inject({ url: `/updates/latest/${exe}`, headers: { range: `bytes=${bytes.length}-` } });
    expect([past.statusCode, past.headers['content-range']]).toEqual([416, `bytes */${bytes.length}`]);
    expect(past.json()).toMatchObject({ status: 416 });
  });

  it('tags artifacts and channel files for revalidation, and answers 304 to a copy already held', async () => {
    const first = await world.app.inject({ url: `/updates/latest/${exe}` });
    expect(first.headers).toMatchObject({ 'accept-ranges': 'bytes', etag: expect.stringMatching(/^"[0-9a-f]{64}"$/) });
    const again = await world.app.inject({ url: `/updates/latest/${exe}`, headers: { 'if-none-match': String(first.headers.etag) } });
    expect([again.statusCode, again.rawPayload.length]).toEqual([304, 0]);
    // A stale If-Range gets the whole file, not a range of other bytes.
    const stale = await world.app.inject({ url: `/updates/latest/${exe}`, headers: { range: 'bytes=0-9', 'if-range': '"0000"' } });
    expect([stale.statusCode, stale.rawPayload.length]).toEqual([200, build[exe]!.length]);
    const head = await world.app.inject({ method: 'HEAD', url: `/updates/latest/${exe}` });
    expect([head.statusCode, head.headers['content-length']]).toEqual([200, String(build[exe]!.length)]);
    const yml = await world.app.inject({ url: '/updates/latest/latest.yml' });
    expect(yml.headers).toMatchObject({ 'cache-control': 'no-cache', vary: 'authorization' });
    expect((await world.app.inject({ url: '/updates/latest/latest.yml', headers: { 'if-none-match': String(yml.headers.etag) } })).statusCode).toBe(304);
  });

  it('answers problem documents for what it does not have', async () => {
    for (const url of ['/updates/latest/nothing.exe', '/updates/nightly/latest.yml', '/updates/latest/latest-linux-arm64.yml', '/updates/beta/latest.yml']) {
      const res = await world.app.inject({ url });
      expect([url, res.statusCode, res.headers['content-type']]).toEqual([url, 404, expect.stringContaining('application/problem+json')]);
    }
    const revoked = await world.enroll();
    const revoke = await world.app.inject({ method: 'POST', url: '/trpc/fleet.revokeDevice', headers: { ...(await world.admin()).headers, 'content-type': 'application/json' }, payload: JSON.stringify({ deviceId: revoked.deviceId }) });
    expect(revoke.statusCode, revoke.body).toBe(200);
    const refused = await world.app.inject({ url: '/updates/latest/latest.yml', headers: revoked.headers });
    expect([refused.statusCode, refused.json().code]).toEqual([401, 'DEVICE_REVOKED']);
    const forged = await world.app.inject({ url: '/updates/latest/latest.yml', headers: { authorization: `Device ${revoked.deviceId}.${randomBytes(16).toString('hex')}` } });
    expect(forged.statusCode).toBe(401);
  });
});

/** Splits a multipart/byteranges body the way RFC 9110 §14.6 lays it out. */
function readParts(body: Buffer, boundary: string): { range: string; data: string }[] {
  const parts: { range: string; data: string }[] = [];
  let at = 0;
  const delimiter = Buffer.from(`--${boundary}`);
  for (;;) {
    const start = body.indexOf(delimiter, at);
    if (body.subarray(start + delimiter.length, start + delimiter.length + 2).toString() === '--') return parts;
    const headersEnd = body.indexOf('\r\n\r\n', start);
    const headers = body.subarray(start + delimiter.length + 2, headersEnd).toString();
    const range = /Content-Range: (.+)/i.exec(headers)![1]!.trim();
    const [, a, b] = /bytes (\d+)-(\d+)/.exec(range)!;
    const dataStart = headersEnd + 4;
    const length = Number(b) - Number(a) + 1;
    parts.push({ range, data: body.subarray(dataStart, dataStart + length).toString('hex') });
    at = dataStart + length + 2;
  }
}
