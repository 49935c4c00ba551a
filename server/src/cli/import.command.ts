import { stat } from 'node:fs/promises';
import path from 'node:path';
import { resolveTenantId } from '../domains/tenancy/tenant.service';
import { newImportId } from '../domains/import/import-files';
import { IMPORT_KINDS, IMPORT_MODES, importKindSchema, importModeSchema } from '../domains/import/import-kinds';
import { runImport } from '../domains/import/importer.service';
import { createImport, getImport } from '../domains/import/imports.service';
import { CliUsageError } from './cli-usage.error';
import type { Command } from './command';
import { withDatabase } from './with-database';

const USAGE = 'import <file> --kind <kind> [--mode all_or_nothing]';
const SHOWN_BAD_ROWS = 20;

/**
 * Imports a CSV or XLSX file in this process through the same service as an upload's job, and
 * lists the first bad rows. Exits 1 when any row was bad (or the file could not be imported).
 */
export const importCommand: Command = {
  name: 'import',
  usage: USAGE,
  summary: `import a CSV or XLSX file; kinds: ${IMPORT_KINDS.join(', ')} (opening balances are open invoices and bills)`,
  maxPositionals: 1,
  run: async ({ config, options, positionals, progress }) => {
    const [given] = positionals;
    if (!given) throw new CliUsageError(`import needs a file: ${USAGE} (kinds: ${IMPORT_KINDS.join(', ')})`);
    const kind = importKindSchema.safeParse(options.kind);
    if (!kind.success) throw new CliUsageError(`--kind must be one of ${IMPORT_KINDS.join(', ')}${options.kind ? ` (got "${options.kind}")` : ''}`);
    const mode = importModeSchema.safeParse(options.mode ?? 'good_rows');
    if (!mode.success) throw new CliUsageError(`--mode must be one of ${IMPORT_MODES.join(', ')} (got "${options.mode}")`);
    const file = path.resolve(given);
    if (!(await stat(file).then((s) => s.isFile(), () => false))) throw new CliUsageError(`cannot read ${given}: no such file`);
    return withDatabase(config, async ({ db }) => {
      const tenantId = options.tenant ?? (await resolveTenantId(db));
      const importId = newImportId();
      await createImport(db, { id: importId, tenantId, kind: kind.data, mode: mode.data, fileName: path.basename(file), actorUserId: null });
      let shown = -1;
      const summary = await runImport(db, { tenantId, importId, file }, {
        // One line per tenth of the file is enough for a person watching.
        progress: async (fraction, note) => {
          const tenth = Math.floor(fraction * 10);
          if (tenth > shown) progress(`${tenth * 10}% ${note}`);
          shown = tenth;
        },
      });
      const { errors } = await getImport(db, tenantId, importId, { offset: 0, limit: SHOWN_BAD_ROWS });
      const more = errors.total > errors.rows.length ? [`  … and ${errors.total - errors.rows.length} more reasons; imports.get pages through all of them`] : [];
      const headline = `${summary.status}: ${summary.totalRows} rows, ${summary.goodRows} good, ${summary.badRows} bad, ${summary.imported} imported (import ${importId})`;
      return {
        json: { command: 'import', ...summary, tenantId, file, errors: errors.rows, moreErrors: errors.total - errors.rows.length },
        text: [headline, ...errors.rows.map((e) => `  ${e.message}`), ...more].join('\n'),
        exitCode: summary.status === 'failed' || summary.badRows > 0 ? 1 : 0,
      };
    });
  },
};
