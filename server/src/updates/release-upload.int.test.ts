import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode } from '@capliquify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishResult } from '../domains/fleet/release-publish.service';
import { electronBuilderYaml } from './test/electron-updater-compat';
import { openFleetWorld, sha512Base64, type FleetWorld } from './test/fleet-world';
import type { UpdateInfo } from './update-info';

/** A real multipart/form-data body, fields then files, as the release workflow's curl or a browser's FormData sends it. */
async function multipart(fields: Record<string, string>, files: Record<string, Buffer>, fieldsLast = false) {
  const form = new FormData();
  const addFields = () => { for (const [name, value] of Object.entries(fields)) form.append(name, value); };
  if (!fieldsLast) addFields();
  for (const [name, bytes] of Object.entries(files)) form.append('files', new Blob([bytes]), name);
  if (fieldsLast) addFields();
  const encoded = new Response(form);
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

describe('POST /api/releases/upload', () => {
  let world: FleetWorld;
  let admin: Record<string, string>;
  const exe = randomBytes(200_000);
  const blockmap = randomBytes(900);

  async function upload(headers: Record<string, string>, fields: Record<string, string>, files: Record<string, Buffer>, fieldsLast = false) {
    const { payload, contentType } = await multipart(fields, files, fieldsLast);
    return world.app.inject({ method: 'POST', url: '/api/releases/upload', payload, headers: { ...(headers.authorization ? { authorization: headers.authorization } : {}), 'content-type': contentType } });
  }
  const blobs = async () => (await readdir(path.join(world.config.fleet.updatesDir, 'tnt_demo')).catch(() => [])).filter((f) => !f.startsWith('.'));

  beforeAll(async () => {
    world = await openFleetWorld('postgres', 'release-upload');
    admin = (await world.admin()).headers;
  });
  afterAll(() => world?.close());

  it('refuses anyone but an admin with a second factor, before storing anything', async () => {
    const files = { 'CapLiquify-Setup-2.0.0.exe': exe };
    const anonymous = await upload({}, { channel: 'stable', version: '2.0.0' }, files);
    expect([anonymous.statusCode, anonymous.headers['content-type']]).toEqual([401, expect.stringContaining('application/problem+json')]);
    const noSecondFactor = await upload((await world.admin({ mfa: false })).headers, { channel: 'stable', version: '2.0.0' }, files);
    expect([noSecondFactor.statusCode, noSecondFactor.json().reason]).toEqual([403, 'second-factor-required']);
    expect(await blobs()).toEqual([]);
  });

  it('stores the installers with the sha512 and size it computes, ignores electron-builder\'s own yml, and feeds them back byte for byte', async () => {
    const res = await upload(admin, { channel: 'stable', version: 'v2.0.0', notes: 'Faster counting', ring: 'all' }, {
      'CapLiquify-Setup-2.0.0.exe': exe, 'CapLiquify-Setup-2.0.0.exe.blockmap': blockmap, 'latest.yml': Buffer.from('sha512: not-ours\n'),
    });
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json<PublishResult>();
    expect(result).toMatchObject({ created: true, ignored: ['latest.yml'], release: { version: '2.0.0', channel: 'stable', state: 'complete', notes: 'Faster counting', platforms: ['windows'] } });
    expect(result.release.files).toEqual([
      { name: 'CapLiquify-Setup-2.0.0.exe', platform: 'windows', size: exe.length, sha512: sha512Base64(exe) },
      { name: 'CapLiquify-Setup-2.0.0.exe.blockmap', platform: 'windows', size: blockmap.length, sha512: sha512Base64(blockmap) },
    ]);
    const info = electronBuilderYaml.load((await world.app.inject({ url: '/updates/latest/latest.yml' })).body) as UpdateInfo;
    expect(info).toMatchObject({ version: '2.0.0', sha512: sha512Base64(exe), releaseNotes: 'Faster counting' });
    expect(Buffer.from((await world.app.inject({ url: '/updates/latest/CapLiquify-Setup-2.0.0.exe' })).rawPayload).equals(exe)).toBe(true);
    const audit = await world.testDb.handle.db.selectFrom('audit_log').select(['action', 'subject']).where('action', '=', 'release.published').execute();
    expect(audit).toEqual([{ action: 'release.published', subject: `release:${result.release.id}` }]);

    const again = await upload(admin, { channel: 'stable', version: '2.0.0' }, { 'CapLiquify-Setup-2.0.0.exe': exe });
    expect([again.statusCode, again.json().created, again.json().unchanged]).toEqual([200, false, ['CapLiquify-Setup-2.0.0.exe']]);
    // Another platform's build of the same version joins the release.
    const mac = await upload(admin, { channel: 'stable', version: '2.0.0' }, { 'CapLiquify-2.0.0-arm64-mac.zip': randomBytes(5_000) });
    expect(mac.json().release.platforms).toEqual(['windows', 'mac']);
    expect(await blobs()).toHaveLength(3);
  });

  it('refuses other bytes under a name already published, and keeps nothing of the refused upload', async () => {
    const before = await blobs();
    const res = await upload(admin, { channel: 'beta', version: '2.1.0-beta.1' }, { 'CapLiquify-2.1.0-x86_64.AppImage': randomBytes(3_000), 'CapLiquify-Setup-2.0.0.exe': randomBytes(1_000) });
    expect([res.statusCode, res.json().code, res.json().detail]).toEqual([409, ErrorCode.Conflict, expect.stringContaining('A different CapLiquify-Setup-2.0.0.exe was already published (release 2.0.0 on stable)')]);
    expect(await blobs()).toEqual(before);
  });

  it.each([
    [{ channel: 'stable', version: 'two' }, { 'a.exe': exe }, 400, '"two" is not a semantic version'],
    [{ channel: 'nightly', version: '3.0.0' }, { 'a.exe': exe }, 404, 'No release channel "nightly"'],
    [{ channel: 'stable', version: '3.0.0' }, { 'notes.txt': exe }, 400, 'notes.txt is not an installer'],
    [{ channel: 'stable', version: '3.0.0', ring: 'half' }, { 'a.exe': exe }, 400, 'ring must be canary'],
    [{ channel: 'stable', version: '3.0.0' }, { 'a.exe.blockmap': blockmap }, 400, 'at least one installer'],
  ])('answers %j with a problem that says what is wrong', async (fields, files, status, detail) => {
    const res = await upload(admin, fields, files);
    expect([res.statusCode, res.json().detail]).toEqual([status, expect.stringContaining(detail)]);
  });

  it('asks for the fields before the files, and for multipart at all', async () => {
    const late = await upload(admin, { channel: 'stable', version: '3.0.0' }, { 'b.exe': exe }, true);
    expect([late.statusCode, late.json().detail]).toEqual([400, expect.stringContaining('before the files')]);
    const json = await world.app.inject({ method: 'POST', url: '/api/releases/upload', headers: { authorization: admin.authorization!, 'content-type': 'application/json' }, payload: '{}' });
    expect([json.statusCode, json.json().detail]).toEqual([400, expect.stringContaining('multipart/form-data')]);
  });
});
