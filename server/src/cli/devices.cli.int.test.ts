import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres, type ScratchPostgres } from '../../test/databases';
import { runScript } from '../../test/spawn';

const MAIN = 'src/cli/main.ts';

describe('capliquify devices and sync commands', () => {
  let pg: ScratchPostgres;
  let env: Record<string, string>;

  beforeAll(async () => {
    pg = await createScratchPostgres('cli-devices');
    env = { DATABASE_URL: pg.url };
    expect((await runScript(MAIN, ['seed', '--size', 'small'], env)).code).toBe(0);
  });
  afterAll(() => pg.drop());

  it('issues a code, lists and revokes devices, and reports sync status, as JSON', async () => {
    const status = JSON.parse((await runScript(MAIN, ['sync', 'status', '--json'], env)).stdout) as { scopes: { scope: string; version: number }[]; devices: unknown[]; rejections: number };
    expect(status.scopes.map((s) => s.scope)).toContain('catalog');
    expect(status.scopes.every((s) => s.version >= 1)).toBe(true);
    expect(status).toMatchObject({ devices: [], rejections: 0 });
    const siteScope = status.scopes.find((s) => s.scope.startsWith('site:'))!.scope;

    const enrolled = await runScript(MAIN, ['devices', 'enroll', '--site', siteScope.slice(5), '--name', 'Dock', '--expires-minutes', '5', '--json'], env);
    expect(enrolled.code).toBe(0);
    expect(JSON.parse(enrolled.stdout)).toMatchObject({ command: 'devices enroll', code: expect.stringMatching(/^\w{4}-\w{4}-\w{4}$/), siteId: siteScope.slice(5) });

    const rebuilt = JSON.parse((await runScript(MAIN, ['sync', 'rebuild', '--json'], env)).stdout) as { tenants: Record<string, { changed: object }> };
    expect(Object.values(rebuilt.tenants).map((t) => t.changed)).toEqual([{}]);

    const listed = JSON.parse((await runScript(MAIN, ['devices', 'list', '--json'], env)).stdout) as { devices: unknown[] };
    expect(listed.devices).toEqual([]);
    const missing = await runScript(MAIN, ['devices', 'revoke', 'dev_nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('capliquify: failed: No device "dev_nope".\n');
  });

  it.each([
    [['devices', 'enroll'], 'capliquify: devices enroll needs --site <siteId>'],
    [['devices', 'fly'], 'capliquify: devices needs enroll, list or revoke (got "fly")'],
    [['sync'], 'capliquify: sync needs status, rebuild, reset-scope or compact (got nothing)'],
    [['sync', 'status', 'extra'], 'capliquify: unexpected argument "extra"; run `capliquify help`'],
  ])('fails %j with one line', async (args, line) => {
    const res = await runScript(MAIN, args, env);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`${line}\n`);
  });
});
