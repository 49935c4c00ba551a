import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../../test/cli';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';

describe('capliquify import (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let env: Record<string, string>;
  const file = (name: string) => path.join(testDb.config.dataDir, name);
  const skus = async () => (await testDb.handle.db.selectFrom('items').select('sku').where('tenant_id', '=', 'tnt_demo').where('sku', 'like', 'CLI-%').orderBy('sku').execute()).map((r) => r.sku);

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'cli-import');
    await insertFixture(testDb.handle.db);
    env = { DATABASE_URL: testDb.config.databaseUrl! };
  });
  afterAll(() => testDb.cleanup());

  it('imports the good rows, prints the counts and the bad rows, and exits 1 when a row was bad', async () => {
    await writeFile(file('items.csv'), 'sku,name,type,unit,cost\nCLI-1,One,raw,ea,1\nCLI-2,Two,raw,ea,x\nCLI-3,Three,raw,ea,3\n');
    const run = await runCliHere(['import', file('items.csv'), '--kind', 'items', '--tenant', 'tnt_demo'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^done: 3 rows, 2 good, 1 bad, 2 imported \(import imp_[\w-]+\)\n {2}row 3, cost: must be an amount like 12.50, got 'x'\n$/);
    expect(run.stderr).toContain('100% 3 rows checked, 1 bad');
    expect(await skus()).toEqual(['CLI-1', 'CLI-3']);
  });

  it('imports nothing with --mode all_or_nothing when a row is bad, everything when none is, and answers --json', async () => {
    await writeFile(file('aon.csv'), 'sku,name,type,unit,cost\nCLI-4,Four,raw,ea,4\nCLI-5,Five,gizmo,ea,5\n');
    const refused = await runCliHere(['import', file('aon.csv'), '--kind', 'items', '--mode', 'all_or_nothing', '--tenant', 'tnt_demo', '--json'], env);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      command: 'import', status: 'failed', kind: 'items', mode: 'all_or_nothing', totalRows: 2, goodRows: 1, badRows: 1, imported: 0,
      errors: [{ row: 3, column: 'type', message: "row 3, type: must be one of raw, component, finished, got 'gizmo'" }], moreErrors: 0,
    });
    expect(await skus()).toEqual(['CLI-1', 'CLI-3']);
    await writeFile(file('aon.csv'), 'sku,name,type,unit,cost\nCLI-4,Four,raw,ea,4\nCLI-5,Five,raw,ea,5\n');
    const passed = await runCliHere(['import', file('aon.csv'), '--kind', 'items', '--mode', 'all_or_nothing', '--tenant', 'tnt_demo', '--json'], env);
    expect(passed.code).toBe(0);
    expect(JSON.parse(passed.stdout)).toMatchObject({ status: 'done', goodRows: 2, badRows: 0, imported: 2, errors: [] });
    expect(await skus()).toEqual(['CLI-1', 'CLI-3', 'CLI-4', 'CLI-5']);
  });

  it('explains a wrong command line without touching the database', async () => {
    const noKind = await runCliHere(['import', file('items.csv')], env);
    expect(noKind).toMatchObject({ code: 1, stderr: 'capliquify: --kind must be one of items, stock_counts, opening_balances, boms\n' });
    const missing = await runCliHere(['import', file('nope.csv'), '--kind', 'boms'], env);
    expect(missing).toMatchObject({ code: 1, stderr: `capliquify: cannot read ${file('nope.csv')}: no such file\n` });
    const mode = await runCliHere(['import', file('items.csv'), '--kind', 'items', '--mode', 'all'], env);
    expect(mode.stderr).toBe('capliquify: --mode must be one of good_rows, all_or_nothing (got "all")\n');
  });
});
