import { z } from 'zod';
import { migrateToLatest } from '../db/migrate';
import { loadSeedDemoData } from '../db/seed-demo.port';
import { rebuildAllScopes } from '../sync/rebuild-scopes.service';
import type { Command } from './command';
import { CliUsageError } from './cli-usage.error';
import { describeDatabase, withDatabase } from './with-database';

const sizeSchema = z.enum(['full', 'small']);

export const seedCommand: Command = {
  name: 'seed',
  usage: 'seed [--size small|full]',
  summary: 'migrate, then seed the demo manufacturer into a database that does not have it',
  run: ({ config, options, progress }) => {
    const requested = options.size ?? (config.demoData === 'none' ? 'full' : config.demoData);
    const size = sizeSchema.safeParse(requested);
    if (!size.success) throw new CliUsageError(`--size must be small or full (got "${requested}")`);
    return withDatabase(config, async (database) => {
      await migrateToLatest(database.db);
      const seedDemoData = await loadSeedDemoData();
      const result = await seedDemoData(database.db, { size: size.data, log: progress });
      // Devices replicate from sync_rows; bring them in step with what was just seeded.
      await rebuildAllScopes(database.db);
      const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
      return {
        json: { command: 'seed', database: { kind: database.kind, target: database.target }, size: size.data, ...result },
        text: result.seeded
          ? `${describeDatabase(database)}: seeded ${size.data} demo data (${total} rows)`
          : `${describeDatabase(database)}: demo data already present; nothing to do`,
      };
    });
  },
};
