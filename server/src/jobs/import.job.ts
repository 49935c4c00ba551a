import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { isStoredUpload } from '../domains/import/import-files';
import { runImport } from '../domains/import/importer.service';
import { findImport } from '../domains/import/imports.repo';
import { markImportFailed } from '../domains/import/imports.service';
import { DEFAULT_RETRY, defineJob, PermanentJobError } from './job';

const retry = DEFAULT_RETRY;

/**
 * Imports one uploaded CSV or XLSX file (`POST /api/import/upload` queues it). A retry re-runs
 * the import from the start, which writes nothing twice (see runImport). When the last attempt
 * fails the import is marked failed, so nobody waits on it; the upload is removed once the
 * import has finished either way.
 */
export const importJob = defineJob({
  name: 'import',
  input: z.object({ tenantId: z.string().min(1), importId: z.string().min(1), file: z.string().min(1) }),
  retry,
  idempotencyKey: (input) => `import:${input.importId}`,
  async perform(input, ctx) {
    if (!(await findImport(ctx.db, input.tenantId, input.importId))) {
      throw new PermanentJobError(`There is no import ${input.importId} in tenant ${input.tenantId}.`);
    }
    try {
      const summary = await runImport(ctx.db, input, { progress: (fraction, note) => ctx.progress(fraction, note) });
      ctx.log.info({ ...summary }, `import ${summary.status}`);
      if (isStoredUpload(input.file, input.importId)) await rm(input.file, { force: true });
      return summary;
    } catch (error) {
      if (ctx.attempt >= retry.attempts) {
        await markImportFailed(ctx.db, input.tenantId, input.importId, 'The import stopped on an unexpected error; an admin can retry it from the dead letters.')
          .catch((failure: unknown) => ctx.log.error({ err: failure }, 'could not mark the import failed'));
      }
      throw error;
    }
  },
});
