import { migrateToLatest } from '../db/migrate';
import type { Command } from './command';
import { describeDatabase, withDatabase } from './with-database';

export const migrateCommand: Command = {
  name: 'migrate',
  usage: 'migrate',
  summary: 'apply pending database migrations',
  run: ({ config }) =>
    withDatabase(config, async (database) => {
      const applied = (await migrateToLatest(database.db)).map((r) => r.migrationName);
      return {
        json: { command: 'migrate', database: { kind: database.kind, target: database.target }, applied },
        text: applied.length > 0
          ? `${describeDatabase(database)}: applied ${applied.join(', ')}`
          : `${describeDatabase(database)}: already up to date`,
      };
    }),
};
