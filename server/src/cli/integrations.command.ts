import { integrationStatuses, type IntegrationStatus } from '../integrations/integrations.service';
import { CliUsageError } from './cli-usage.error';
import type { Command, CommandArgs, CommandResult } from './command';
import { withDatabase } from './with-database';

export const integrationsCommand: Command = {
  name: 'integrations',
  usage: 'integrations status [--tenant <tenantId>]',
  summary: 'each integration: vendor, name, status, last success, last error, last runs',
  maxPositionals: 1,
  run: (args) => {
    const [action] = args.positionals;
    if (action === 'status') return status(args);
    throw new CliUsageError(`integrations needs status (got ${action ? `"${action}"` : 'nothing'})`);
  },
};

function status({ config, options }: CommandArgs): Promise<CommandResult> {
  return withDatabase(config, async (database) => {
    const integrations = await integrationStatuses(database.db, { tenantId: options.tenant });
    const text = integrations.length > 0 ? integrations.map(describe).join('\n') : 'no integrations connected';
    return { json: { command: 'integrations status', integrations }, text };
  });
}

function describe(i: IntegrationStatus): string {
  return [
    `${i.tenantId}  ${i.vendor}  ${i.name}  ${i.status}  last success ${i.lastSuccessAt ?? 'never'}${i.lastError ? `  last error ${i.lastErrorAt}: ${i.lastError}` : ''}`,
    ...i.lastRuns.map((r) => `  ${r.startedAt}  ${r.stream.padEnd(12)} ${r.status.padEnd(9)} ${r.items} item${r.items === 1 ? '' : 's'}${r.error ? `  ${r.error}` : ''}`),
  ].join('\n');
}
