import { resolveTenantId } from '../domains/tenancy/tenant.service';
import { rebuildAllScopes } from '../sync/rebuild-scopes.service';
import { getSyncStatus } from '../sync/sync-status.service';
import { CliUsageError } from './cli-usage.error';
import type { Command } from './command';
import { withDatabase } from './with-database';

export const syncCommand: Command = {
  name: 'sync',
  usage: 'sync status | sync rebuild',
  summary: 'scope versions and device progress; rebuild the replicated rows from the tables',
  maxPositionals: 1,
  run: ({ config, positionals }) => {
    const [action] = positionals;
    if (action === 'rebuild') {
      return withDatabase(config, async (database) => {
        const tenants = await rebuildAllScopes(database.db);
        const lines = Object.entries(tenants).map(([tenant, r]) => `${tenant}: ${Object.entries(r.changed).map(([s, n]) => `${s} ${n}`).join(', ') || 'already in step'}`);
        return { json: { command: 'sync rebuild', tenants }, text: lines.join('\n') || 'no tenants' };
      });
    }
    if (action !== 'status') throw new CliUsageError(`sync needs status or rebuild (got ${action ? `"${action}"` : 'nothing'})`);
    return withDatabase(config, async (database) => {
      const status = await getSyncStatus(database.db, await resolveTenantId(database.db));
      const text = [
        `tenant      ${status.tenantId}`,
        'scopes',
        ...status.scopes.map((s) => `  ${s.scope.padEnd(24)} version ${s.version}  epoch ${s.epoch}`),
        'devices',
        ...status.devices.map((d) => `  ${d.id}  ${d.name}  last mutation ${d.lastMutationId}  last pull ${d.lastPullAt ?? 'never'}  outbox ${d.outboxDepth}  rejections ${d.rejections}${d.revokedAt ? '  REVOKED' : ''}`),
        `rejections  ${status.rejections}`,
      ].join('\n');
      return { json: { command: 'sync status', ...status }, text };
    });
  },
};
