import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../../test/cli';
import { query, VERSION_HEADERS } from '../../test/sync';
import type { PublishResult } from '../domains/fleet/release-publish.service';
import { verifyReleaseToken, type ReleaseTokenSummary } from '../domains/fleet/release-tokens.service';
import { fakeBuild, openFleetWorld, sha512Base64, type FleetWorld } from '../updates/test/fleet-world';

// The release workflow's way in: a publish token made on the server with the CLI, then
// `releases publish --server` from a runner that has no database, only the server's URL and the
// token in CAPLIQUIFY_RELEASE_TOKEN.

describe('releases publish --server with a publish token', () => {
  let world: FleetWorld;
  let dbEnv: Record<string, string>;
  let token: string;
  let files: string[];
  const cli = (args: string[], env: Record<string, string>) => runCliHere(args, env);

  beforeAll(async () => {
    world = await openFleetWorld('postgres', 'cli-releases-remote');
    await world.listen();
    dbEnv = { DATABASE_URL: world.testDb.config.databaseUrl!, CAPLIQUIFY_DATA_DIR: world.testDb.config.dataDir };
    files = [];
    for (const [name, bytes] of Object.entries(fakeBuild('3.0.0', 8_192))) {
      const file = path.join(world.testDb.config.dataDir, name);
      await writeFile(file, bytes);
      files.push(file);
    }
  });
  afterAll(() => world?.close());

  it('creates a token shown once and stores only its hash', async () => {
    const created = await cli(['releases', 'token', 'create', '--name', 'github-release', '--expires-days', '365', '--json'], dbEnv);
    expect(created.code, created.stderr).toBe(0);
    const answer = JSON.parse(created.stdout) as ReleaseTokenSummary & { token: string };
    token = answer.token;
    expect(token).toMatch(/^rtok_[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{43}$/);
    expect(answer).toMatchObject({ name: 'github-release', revokedAt: null, lastUsedAt: null, expiresAt: expect.any(String) });
    const row = await world.testDb.handle.db.selectFrom('release_tokens').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token.split('.')[1]);
    expect((await cli(['releases', 'token', 'create', '--name', 'x', '--expires-days', 'soon'], dbEnv)).stderr).toContain('--expires-days must be a whole number of days');
  });

  it('uploads the installers through the server, which computes their sha512 and feeds them back byte for byte', async () => {
    const res = await cli(['releases', 'publish', '--server', world.baseUrl, '--channel', 'stable', '--version', '3.0.0', '--notes', 'From CI', '--json', ...files], { CAPLIQUIFY_RELEASE_TOKEN: token });
    expect(res.code, res.stderr).toBe(0);
    const result = JSON.parse(res.stdout) as PublishResult & { server: string };
    expect(result).toMatchObject({ server: world.baseUrl, created: true, ignored: ['latest.yml'], release: { version: '3.0.0', channel: 'stable', state: 'rolling', reach: 'canary', notes: 'From CI' } });
    const exe = path.join(world.testDb.config.dataDir, 'CapLiquify-Setup-3.0.0.exe');
    expect(result.release.files.find((f) => f.name === 'CapLiquify-Setup-3.0.0.exe')?.sha512).toBe(sha512Base64(await readFile(exe)));
    const served = await world.app.inject({ url: '/updates/latest/CapLiquify-Setup-3.0.0.exe' });
    expect(Buffer.from(served.rawPayload).equals(await readFile(exe))).toBe(true);

    const audit = await world.testDb.handle.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'like', 'release_token.%').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['release_token.created', 'release_token.published']);
    expect(audit[1]!.details).toEqual({ releaseId: result.release.id, channel: 'stable', version: '3.0.0' });
    const listed = await cli(['releases', 'token', 'list', '--json'], dbEnv);
    expect((JSON.parse(listed.stdout) as { tokens: ReleaseTokenSummary[] }).tokens[0]!.lastUsedAt).not.toBeNull();
  });

  it('is good for the upload route only', async () => {
    const bearer = { ...VERSION_HEADERS, authorization: `Bearer ${token}` };
    expect((await query(world.app, 'releases.list', {}, bearer)).status).toBe(401);
    expect((await query(world.app, 'fleet.overview', {}, bearer)).status).toBe(401);
    expect((await world.app.inject({ url: '/api/fleet/diagnostics/diag_abc', headers: bearer })).statusCode).toBe(401);
  });

  it('says what is missing or wrong before anything is sent', async () => {
    const noToken = await cli(['releases', 'publish', '--server', world.baseUrl, '--channel', 'stable', '--version', '3.0.1', ...files], {});
    expect([noToken.code, noToken.stderr]).toEqual([1, expect.stringContaining('needs CAPLIQUIFY_RELEASE_TOKEN')]);
    const clear = await cli(['releases', 'publish', '--server', 'http://updates.example.com', '--channel', 'stable', '--version', '3.0.1', ...files], { CAPLIQUIFY_RELEASE_TOKEN: token });
    expect([clear.code, clear.stderr]).toEqual([1, expect.stringContaining('must be an https:// URL')]);
    const steer = await cli(['releases', 'pause', '3.0.0', '--server', world.baseUrl], { CAPLIQUIFY_RELEASE_TOKEN: token });
    expect([steer.code, steer.stderr]).toEqual([1, expect.stringContaining('--server goes with `releases publish` only')]);
    const refused = await cli(['releases', 'publish', '--server', world.baseUrl, '--channel', 'nightly', '--version', '3.0.1', ...files], { CAPLIQUIFY_RELEASE_TOKEN: token });
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('the server refused the release (404): No release channel "nightly"')]);
  });

  it('refuses a mistyped, expired or revoked token', async () => {
    const [id, secret] = token.split('.') as [string, string];
    const mistyped = await cli(['releases', 'publish', '--server', world.baseUrl, '--channel', 'stable', '--version', '3.0.1', ...files], { CAPLIQUIFY_RELEASE_TOKEN: `${id}.${secret.slice(1)}A` });
    expect([mistyped.code, mistyped.stderr]).toEqual([1, expect.stringContaining('the server refused the release (401): This release token is not valid')]);
    const inTwoYears = new Date(Date.now() + 2 * 365 * 86_400_000);
    await expect(verifyReleaseToken(world.testDb.handle.db, token, inTwoYears)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

    const revoked = await cli(['releases', 'token', 'revoke', id, '--json'], dbEnv);
    expect(JSON.parse(revoked.stdout).token.revokedAt).not.toBeNull();
    const after = await cli(['releases', 'publish', '--server', world.baseUrl, '--channel', 'stable', '--version', '3.0.1', ...files], { CAPLIQUIFY_RELEASE_TOKEN: token });
    expect([after.code, after.stderr]).toEqual([1, expect.stringContaining('(401): This release token is not valid')]);
    expect(await world.testDb.handle.db.selectFrom('releases').select('version').where('version', '=', '3.0.1').execute()).toEqual([]);
  });
});
