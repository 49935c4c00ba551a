import { deadLetters, discardDeadLetter, retryDeadLetter, type DeadLetter } from '../jobs/dead-letters.service';
import type { JobCounts } from '../jobs/job-runner';
import { CliUsageError } from './cli-usage.error';
import type { Command, CommandArgs, CommandResult } from './command';
import { withDatabase } from './with-database';
import { withJobQueue } from './with-job-queue';

const USAGE = 'jobs list [--dead] | jobs retry <deadLetterId> | jobs discard <deadLetterId>';

export const jobsCommand: Command = {
  name: 'jobs',
  usage: USAGE,
  summary: 'queued and running jobs per job, the dead letters (--dead); retry or discard a dead letter',
  maxPositionals: 2,
  run: (args) => {
    const [action, target] = args.positionals;
    if (action === 'list') {
      if (target !== undefined) throw new CliUsageError(`unexpected argument "${target}"; run \`capliquify help\``);
      return list(args);
    }
    if (action === 'retry' || action === 'discard') {
      if (!target) throw new CliUsageError(`jobs ${action} needs a dead letter id; see \`capliquify jobs list --dead\``);
      return action === 'retry' ? retry(args, target) : discard(args, target);
    }
    throw new CliUsageError(`jobs needs list, retry or discard (got ${action ? `"${action}"` : 'nothing'})`);
  },
};

function list({ config, options }: CommandArgs): Promise<CommandResult> {
  return withDatabase(config, async (database) => {
    const open = await deadLetters(database.db, { limit: 1_000 });
    // Without Redis the queue lives inside the API's process: nothing to count from here.
    const counts = config.redisUrl ? await withJobQueue(config, database.db, (queue) => queue.counts()) : null;
    const lines = [
      counts === null
        ? 'queue: in-process (inside the API process; set REDIS_URL for a queue the CLI can read)'
        : counts.length > 0 ? counts.map(countLine).join('\n') : 'queue: empty',
      `dead letters: ${open.length} open${open.length > 0 && !options.dead ? ' (--dead lists them)' : ''}`,
      ...(options.dead ? open.map(letterLine) : []),
    ];
    return {
      json: { command: 'jobs list', runner: config.redisUrl ? 'bullmq' : 'in-process', counts, openDeadLetters: open.length, ...(options.dead ? { deadLetters: open } : {}) },
      text: lines.join('\n'),
    };
  });
}

function retry({ config }: CommandArgs, id: string): Promise<CommandResult> {
  return withDatabase(config, async (database) => {
    const startedAt = new Date();
    const { result, reach } = await withJobQueue(config, database.db, async (queue, reach) => ({ result: await retryDeadLetter(database.db, queue, id, {}), reach }));
    if (reach === 'workers') {
      return { json: { command: 'jobs retry', ...result, ranHere: false }, text: `${id}: ${result.job} queued again as job ${result.jobId}; the workers run it` };
    }
    // It ran here, retries included: did it land in the dead letters again?
    const again = (await deadLetters(database.db, { limit: 1_000 })).find((l) => l.job === result.job && new Date(l.failedAt) >= startedAt);
    return {
      json: { command: 'jobs retry', ...result, ranHere: true, succeeded: !again, ...(again ? { newDeadLetter: again } : {}) },
      text: again ? `${id}: ${result.job} ran here and failed again: ${letterLine(again).trim()}` : `${id}: ${result.job} ran here and succeeded`,
      exitCode: again ? 1 : 0,
    };
  });
}

function discard({ config }: CommandArgs, id: string): Promise<CommandResult> {
  return withDatabase(config, async (database) => {
    const result = await discardDeadLetter(database.db, id, {});
    return { json: { command: 'jobs discard', ...result }, text: `${id}: ${result.job} discarded` };
  });
}

function countLine(c: JobCounts): string {
  return `${c.job.padEnd(28)} waiting ${c.waiting}  active ${c.active}  delayed ${c.delayed}`;
}

function letterLine(l: DeadLetter): string {
  return `  ${l.id}  ${l.job}  ${l.tenantId ?? '(no tenant)'}  ${l.attempts} attempt${l.attempts === 1 ? '' : 's'}  failed ${l.failedAt}  ${l.error}`;
}
