import type { ServerConfig } from '../config';
import { redactUrl } from '../db/redact-url';
import { migrationState } from '../db/migrate';
import { countMainTables } from '../db/status.repo';
import { closeRedis, createRedis } from '../redis/create-redis';
import type { Command } from './command';
import { describeDatabase, withDatabase } from './with-database';

type RedisState = 'ok' | 'unreachable' | 'not-configured';

async function redisState(config: ServerConfig): Promise<RedisState> {
  if (!config.redisUrl) return 'not-configured';
  const redis = createRedis(config.redisUrl);
  try {
    await redis.connect();
    await redis.ping();
    return 'ok';
  } catch {
    return 'unreachable';
  } finally {
    await closeRedis(redis);
  }
}

export const statusCommand: Command = {
  name: 'status',
  usage: 'status',
  summary: 'database, migrations, row counts and Redis, without changing anything',
  run: ({ config }) =>
    withDatabase(config, async (database) => {
      const migrations = await migrationState(database.db);
      // Before the first migration there are no tables to count.
      const rows = migrations.applied.length > 0 ? await countMainTables(database.db) : null;
      const redis = await redisState(config);
      const redisTarget = config.redisUrl ? redactUrl(config.redisUrl) : null;
      const lines = [
        `database    ${describeDatabase(database)}`,
        `migrations  ${migrations.applied.length} applied, ${migrations.pending.length} pending${migrations.pending.length ? ` (${migrations.pending.join(', ')})` : ''}`,
        `redis       ${redis}${redisTarget ? ` (${redisTarget})` : ''}`,
        ...(rows ? ['rows', ...Object.entries(rows).map(([table, n]) => `  ${table.padEnd(18)} ${n}`)] : ['rows        (no tables yet: run migrate)']),
      ];
      return {
        json: {
          command: 'status',
          database: { kind: database.kind, target: database.target },
          migrations,
          rows,
          redis: { state: redis, target: redisTarget },
        },
        text: lines.join('\n'),
      };
    }),
};
