import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDir, createScratchPostgres, type ScratchPostgres } from '../../test/databases';
import { TEST_REDIS_URL } from '../../test/env';
import { runScript } from '../../test/spawn';
import { migrations } from '../db/migrations';

const BIN = 'bin/capliquify.js';
// Every migration the server ships, in order.
const MIGRATIONS = Object.keys(migrations);
const MAIN = 'src/cli/main.ts';

describe('capliquify CLI', () => {
  let pg: ScratchPostgres;
  let scratch: { dir: string; remove(): Promise<void> };

  beforeAll(async () => {
    pg = await createScratchPostgres('cli');
    scratch = await createScratchDir('cli');
  });
  afterAll(async () => {
    await pg.drop();
    await scratch.remove();
  });

  it('reports an empty PGlite installation through the bin shim, as one JSON object', async () => {
    const res = await runScript(BIN, ['status', '--json'], { CAPLIQUIFY_DATA_DIR: scratch.dir }, { typescript: false });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({
      command: 'status',
      database: { kind: 'pglite', target: `${scratch.dir}/pglite` },
      migrations: { applied: [], pending: MIGRATIONS },
      rows: null,
      redis: { state: 'not-configured', target: null },
    });
  });

  it('migrates, seeds and reports PostgreSQL with the password redacted', async () => {
    const url = new URL(pg.url);
    url.password = 's3cret';
    const env = { DATABASE_URL: url.toString(), REDIS_URL: TEST_REDIS_URL };
    const migrated = await runScript(MAIN, ['migrate'], env);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toMatch(/^PostgreSQL postgres:\/\/postgres:\*\*\*@.*: applied /);
    expect(migrated.stdout.endsWith(`: applied ${MIGRATIONS.join(', ')}\n`)).toBe(true);
    const seeded = await runScript(MAIN, ['seed', '--size', 'small', '--json'], env);
    expect(seeded.code).toBe(0);
    expect(JSON.parse(seeded.stdout)).toMatchObject({ command: 'seed', size: 'small', seeded: true });
    const status = await runScript(MAIN, ['status', '--json'], env);
    const report = JSON.parse(status.stdout) as { database: { target: string }; rows: Record<string, number>; redis: unknown; migrations: unknown };
    expect(report.database.target).toContain('***');
    expect(status.stdout).not.toContain('s3cret');
    expect(report.migrations).toEqual({ applied: MIGRATIONS, pending: [] });
    expect(report.rows.tenants).toBe(1);
    expect(report.rows.items).toBeGreaterThan(0);
    expect(report.redis).toEqual({ state: 'ok', target: TEST_REDIS_URL });
    const text = await runScript(MAIN, ['status'], env);
    expect(text.stdout).toMatch(new RegExp(`^migrations {2}${MIGRATIONS.length} applied, 0 pending$`, 'm'));
    expect(text.stdout).toMatch(/^redis {7}ok/m);
  });

  it.each([
    [['bogus'], {}, 'capliquify: unknown command "bogus"; run `capliquify help`'],
    [['seed', '--size', 'huge'], {}, 'capliquify: --size must be small or full (got "huge")'],
    [['status'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' }, 'capliquify: cannot reach PostgreSQL at 127.0.0.1:1 (connection refused); check DATABASE_URL'],
    [['status'], { PORT: 'abc' }, 'capliquify: PORT must be an integer 0–65535 (got "abc")'],
  ])('fails %j with one line and exit code 1', async (args, env, line) => {
    const res = await runScript(MAIN, args, { CAPLIQUIFY_DATA_DIR: scratch.dir, ...env });
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`${line}\n`);
  });

  it('prints help listing every command', async () => {
    const res = await runScript(MAIN, ['help'], {});
    expect(res.code).toBe(0);
    for (const name of ['migrate', 'seed [--size small|full]', 'status', 'help']) expect(res.stdout).toContain(`  ${name}`);
  });
});
