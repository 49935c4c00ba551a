import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDir, openTestDatabase, type TestDatabase } from '../../test/databases';
import { insertFixture } from '../../test/fixture';
import { importUploadPath } from '../domains/import/import-files';
import { badRows, jobContext, messages, queueImport } from '../domains/import/test/import-world';
import { importJob } from './import.job';
import { PermanentJobError } from './job';

describe('the import job', () => {
  let testDb: TestDatabase;
  let scratch: { dir: string; remove(): Promise<void> };
  const db = () => testDb.handle.db;
  const exists = (file: string) => stat(file).then(() => true, () => false);

  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', 'import-job');
    scratch = await createScratchDir('import-job');
    await insertFixture(db());
  });
  afterAll(async () => {
    await testDb.cleanup();
    await scratch.remove();
  });

  it('refuses for good an import that does not exist (or belongs to another tenant)', async () => {
    const queued = await queueImport(db(), path.join(scratch.dir, 'x.csv'), 'items');
    const run = importJob.perform({ ...queued, tenantId: 'tnt_other' }, jobContext(db()));
    await expect(run).rejects.toBeInstanceOf(PermanentJobError);
  });

  it('removes the stored upload once the import has run, and leaves a file it did not store', async () => {
    const queued = await queueImport(db(), 'upload.csv', 'items');
    const upload = importUploadPath(scratch.dir, queued.importId);
    await mkdir(path.dirname(upload), { recursive: true });
    await writeFile(upload, 'sku,name,type,unit,cost\nJOB-1,Job,raw,ea,1\n');
    expect(await importJob.perform({ ...queued, file: upload }, jobContext(db()))).toMatchObject({ status: 'done', imported: 1 });
    expect(await exists(upload)).toBe(false);
    const elsewhere = path.join(scratch.dir, 'mine.csv');
    await writeFile(elsewhere, 'sku,name,type,unit,cost\nJOB-2,Job,raw,ea,1\n');
    await importJob.perform(await queueImport(db(), elsewhere, 'items'), jobContext(db()));
    expect(await exists(elsewhere)).toBe(true);
  });

  it('marks the import failed when its last attempt fails, and imports it when the dead letter is retried later', async () => {
    // A folder where the file should be: reading it fails with an error no retry fixes by itself.
    const file = path.join(scratch.dir, 'imports', 'not-yet');
    await mkdir(file, { recursive: true });
    const queued = await queueImport(db(), file, 'items');
    await expect(importJob.perform(queued, jobContext(db(), [], 1))).rejects.toThrow();
    expect(await db().selectFrom('imports').select('status').where('id', '=', queued.importId).executeTakeFirstOrThrow()).toEqual({ status: 'importing' });
    await expect(importJob.perform(queued, jobContext(db(), [], importJob.retry.attempts))).rejects.toThrow();
    expect(await db().selectFrom('imports').select('status').where('id', '=', queued.importId).executeTakeFirstOrThrow()).toEqual({ status: 'failed' });
    expect(messages(await badRows(db(), queued))).toEqual(['file: The import stopped on an unexpected error; an admin can retry it from the dead letters.']);
    await rm(file, { recursive: true });
    await writeFile(file, 'sku,name,type,unit,cost\nJOB-3,Job,raw,ea,1\n');
    expect(await importJob.perform(queued, jobContext(db(), [], 1))).toMatchObject({ status: 'done', imported: 1 });
    expect(await badRows(db(), queued)).toEqual([]);
  });
});
