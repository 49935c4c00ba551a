import { resolveTenantId } from '../domains/tenancy/tenant.service';
import { addChannel, listChannels } from '../domains/fleet/channels.service';
import { CliUsageError } from './cli-usage.error';
import type { Command } from './command';
import { withDatabase } from './with-database';

export const channelsCommand: Command = {
  name: 'channels',
  usage: 'channels list | channels add <name>',
  summary: 'the release channels devices follow (stable and beta always exist)',
  maxPositionals: 2,
  run: ({ config, options, positionals }) => {
    const [action, name] = positionals;
    if (action !== 'list' && action !== 'add') throw new CliUsageError(`channels needs list or add (got ${action ? `"${action}"` : 'nothing'})`);
    if (action === 'add' && !name) throw new CliUsageError('channels add needs a name, e.g. `channels add pilot`');
    return withDatabase(config, async (database) => {
      const tenantId = options.tenant ?? (await resolveTenantId(database.db));
      if (action === 'add') {
        const channel = await addChannel(database.db, tenantId, name!, null);
        return { json: { command: 'channels add', channel }, text: `added the ${channel.name} channel` };
      }
      const channels = await listChannels(database.db, tenantId);
      return { json: { command: 'channels list', channels }, text: channels.map((c) => `${c.name}${c.builtIn ? '  (built in)' : ''}`).join('\n') };
    });
  },
};
