import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../../test/cli';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import type { ReleaseSummary } from '../domains/fleet/releases.service';
import { ArtifactStore } from '../updates/artifact-store';

describe('capliquify releases and channels', () => {
  let testDb: TestDatabase;
  let env: Record<string, string>;
  const cli = async (...args: string[]) => runCliHere(args, env);
  const json = async <T>(...args: string[]): Promise<T> => {
    const res = await cli(...args, '--json');
    if (res.code !== 0) throw new Error(`${args.join(' ')}: ${res.stderr}`);
    return JSON.parse(res.stdout) as T;
  };

  async function build(version: string): Promise<string[]> {
    const files = [`CapLiquify-Setup-${version}.exe`, `CapLiquify-Setup-${version}.exe.blockmap`, `CapLiquify-${version}-x86_64.AppImage`];
    for (const name of files) await writeFile(path.join(testDb.config.dataDir, name), randomBytes(4_096));
    return files.map((name) => path.join(testDb.config.dataDir, name));
  }

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'cli-releases');
    await insertFixture(testDb.handle.db);
    env = { DATABASE_URL: testDb.config.databaseUrl!, CAPLIQUIFY_DATA_DIR: testDb.config.dataDir };
  });
  afterAll(() => testDb?.cleanup());

  it('publishes, widens, copies to a channel, pauses, resumes and rolls back, as the release workflow and an operator would', async () => {
    expect((await json<{ channel: { name: string } }>('channels', 'add', 'pilot')).channel.name).toBe('pilot');
    expect((await json<{ channels: { name: string }[] }>('channels', 'list')).channels.map((c) => c.name)).toEqual(['stable', 'beta', 'pilot']);

    const first = await json<{ release: ReleaseSummary; created: boolean }>('releases', 'publish', '--channel', 'stable', '--version', '1.0.0', '--ring', 'all', ...(await build('1.0.0')));
    expect(first).toMatchObject({ created: true, release: { version: '1.0.0', state: 'complete', platforms: ['windows', 'linux'] } });
    // The stored blob is the file, byte for byte, under its sha512.
    const exe = first.release.files.find((f) => f.name.endsWith('.exe'))!;
    const stored = await readFile(new ArtifactStore(path.join(testDb.config.dataDir, 'updates')).pathOf('tnt_demo', exe.sha512));
    expect(stored.equals(await readFile(path.join(testDb.config.dataDir, exe.name)))).toBe(true);

    const published = await cli('releases', 'publish', '--channel', 'stable', '--version', '1.1.0', ...(await build('1.1.0')));
    expect([published.code, published.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^published 1\.1\.0 {2}stable {2}rolling {2}canary {2}windows, linux {2}rel_/)]);
    expect((await cli('releases', 'promote', '1.1.0', '--ring', 'sites')).stdout).toContain('canary + 1 of 1 site');
    expect((await cli('releases', 'promote', '1.1.0', '--ring', 'percent:25')).stdout).toContain('canary + 1 of 1 site + 25% of the rest');
    expect((await json<{ release: ReleaseSummary }>('releases', 'promote', '1.1.0', '--channel', 'pilot')).release).toMatchObject({ channel: 'pilot', version: '1.1.0', reach: 'canary' });

    const ambiguous = await cli('releases', 'pause', '1.1.0');
    expect([ambiguous.code, ambiguous.stderr]).toEqual([1, 'capliquify: failed: Release 1.1.0 is on pilot and stable: name the channel (--channel).\n']);
    expect((await json<{ release: ReleaseSummary }>('releases', 'pause', '1.1.0', '--channel', 'stable')).release.state).toBe('paused');
    expect((await json<{ release: ReleaseSummary }>('releases', 'resume', '1.1.0', '--channel', 'stable')).release.state).toBe('rolling');

    const rolledBack = await cli('releases', 'rollback', '1.1.0', '--channel', 'stable');
    expect(rolledBack.stdout).toMatch(/^rolled back 1\.1\.0 on stable; every device that took it is offered 1\.1\.1 \(the 1\.0\.0 build\): rel_/);
    const listed = await json<{ releases: ReleaseSummary[] }>('releases', 'list', '--channel', 'stable');
    expect(listed.releases.map((r) => [r.version, r.state])).toEqual([['1.1.1', 'complete'], ['1.1.0', 'rolled_back'], ['1.0.0', 'complete']]);
    const audit = await testDb.handle.db.selectFrom('audit_log').select('action').where('action', 'like', 'release%').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['release_channel.added', 'release.published', 'release.published', 'release.promoted', 'release.promoted', 'release.copied', 'release.paused', 'release.resumed', 'release.rolled_back']);
  });

  it.each([
    [['releases', 'publish', '--channel', 'stable', 'x.exe'], 'capliquify: releases publish needs --channel <c> and --version <semver>'],
    [['releases', 'publish', '--channel', 'stable', '--version', '9.0.0', '/nope/x.exe'], 'capliquify: /nope/x.exe is not a file'],
    [['releases', 'promote', '1.0.0', '--ring', 'most'], 'capliquify: --ring must be canary, sites, percent:<1-100> or all (got "most")'],
    [['releases', 'promote', '1.0.0'], 'capliquify: releases promote needs --ring <r> (widen its rollout) or --channel <c> (publish it on another channel)'],
    [['releases', 'promote', '1.0.0', '--ring', 'all'], 'capliquify: failed: The release already reaches every device.'],
    [['releases', 'rollback', '7.0.0'], 'capliquify: failed: No release 7.0.0 on any channel.'],
    [['releases', 'fly'], 'capliquify: releases needs publish, list, promote, pause, resume, rollback or token (got "fly")'],
    [['channels', 'add', 'Latest'], 'capliquify: failed: A channel name is 1–32 lowercase letters, digits or dashes, starting with a letter, and not "latest" (got "Latest").'],
  ])('fails %j with one line', async (args, line) => {
    const res = await cli(...args);
    expect([res.code, res.stderr]).toEqual([1, `${line}\n`]);
  });
});
