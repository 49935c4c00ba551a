import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDir, openTestDatabase, type TestDatabase } from '../../../test/databases';
import { insertFixture } from '../../../test/fixture';
import { importJob } from '../../jobs/import.job';
import { DEFAULT_BATCH_SIZE } from './importer.service';
import { jobContext, queueImport, type ProgressCall } from './test/import-world';

const ROWS = 20_000;

async function writeItems(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('sku,name,type,unit,cost,reorder_point\n');
  for (let i = 1; i <= rows; i++) {
    if (!out.write(`BULK-${i},Bulk item ${i},${['raw', 'component', 'finished'][i % 3]},ea,${(i % 997) / 100},${i % 50}\n`)) {
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

describe('a 20,000-row import', () => {
  let testDb: TestDatabase;
  let scratch: { dir: string; remove(): Promise<void> };
  const db = () => testDb.handle.db;

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'bounded-import');
    scratch = await createScratchDir('bounded-import');
    await insertFixture(db());
  });
  afterAll(async () => {
    await testDb.cleanup();
    await scratch.remove();
  });

  it('streams the file in bounded batches: the first batch is written before half the file is read', async () => {
    const file = path.join(scratch.dir, 'bulk.csv');
    await writeItems(file, ROWS);
    const queued = await queueImport(db(), file, 'items');
    const progress: ProgressCall[] = [];
    const summary = await importJob.perform(queued, jobContext(db(), progress));
    expect(summary).toMatchObject({ status: 'done', totalRows: ROWS, goodRows: ROWS, badRows: 0, imported: ROWS });
    const imported = await db().selectFrom('items').select((eb) => eb.fn.countAll<string>().as('n')).where('sku', 'like', 'BULK-%').executeTakeFirstOrThrow();
    expect(Number(imported.n)).toBe(ROWS);
    // One report per batch, each batch at most DEFAULT_BATCH_SIZE rows further than the last.
    const checked = progress.map((p) => Number(/^([\d,]+) rows checked/.exec(p.note ?? '')?.[1]?.replace(/,/g, '')));
    expect(checked).toHaveLength(ROWS / DEFAULT_BATCH_SIZE);
    expect(checked.every((n, i) => n - (checked[i - 1] ?? 0) === DEFAULT_BATCH_SIZE)).toBe(true);
    // Had the file been read whole first, the first report would say it was all read; the reader
    // runs at most a chunk or two (256 KiB each) ahead of the batch being written.
    expect(progress[0]!.fraction).toBeLessThan(0.5);
    expect(progress.at(-1)!.fraction).toBe(1);
    expect(progress.every((p, i) => i === 0 || p.fraction >= progress[i - 1]!.fraction)).toBe(true);
  });
});
