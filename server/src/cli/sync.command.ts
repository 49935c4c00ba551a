import { resolveTenantId } from '../domains/tenancy/tenant.service';
import { compactAllTombstones, DEFAULT_KEEP_DAYS } from '../sync/compaction.service';
import { rebuildAllScopes } from '../sync/rebuild-scopes.service';
import { resetScopes } from '../sync/scope-reset.service';
import { getSyncStatus } from '../sync/sync-status.service';
import { CliUsageError } from './cli-usage.error';
import type { Command, CommandArgs, CommandResult } from './command';
import { withDatabase } from './with-database';
import { withPokeBus, type Broadcast } from './with-poke-bus';

const ACTIONS = 'status, rebuild, reset-scope or compact';

export const syncCommand: Command = {
  name: 'sync',
  usage: 'sync status | sync rebuild | sync reset-scope <scope>|--all | sync compact [--keep-days 30]',
  summary: 'scope versions and device progress; rebuild replicated rows; re-bootstrap scopes after a restore; drop old tombstones',
  maxPositionals: 2,
  run: (args) => {
    const [action, target] = args.positionals;
    if (action !== 'reset-scope' && target !== undefined) throw new CliUsageError(`unexpected argument "${target}"; run \`capliquify help\``);
    if (action === 'status') return status(args);
    if (action === 'rebuild') return rebuild(args);
    if (action === 'reset-scope') return resetScope(args, target);
    if (action === 'compact') return compact(args);
    throw new CliUsageError(`sync needs ${ACTIONS} (got ${action ? `"${action}"` : 'nothing'})`);
  },
};

function status({ config }: CommandArgs): Promise<CommandResult> {
  return withDatabase(config, async (database) => {
    const report = await getSyncStatus(database.db, await resolveTenantId(database.db));
    const text = [
      `tenant      ${report.tenantId}`,
      'scopes',
      ...report.scopes.map((s) => `  ${s.scope.padEnd(24)} version ${s.version}  epoch ${s.epoch}${s.minVersion > 0 ? `  min version ${s.minVersion}` : ''}`),
      'devices',
      ...report.devices.map((d) => `  ${d.id}  ${d.name}  last mutation ${d.lastMutationId}  last pull ${d.lastPullAt ?? 'never'}  outbox ${d.outboxDepth}  rejections ${d.rejections}${d.revokedAt ? '  REVOKED' : ''}`),
      `rejections  ${report.rejections}`,
    ].join('\n');
    return { json: { command: 'sync status', ...report }, text };
  });
}

function rebuild({ config }: CommandArgs): Promise<CommandResult> {
  return withDatabase(config, async (database) => {
    const tenants = await rebuildAllScopes(database.db);
    const lines = Object.entries(tenants).map(([tenant, r]) => `${tenant}: ${Object.entries(r.changed).map(([s, n]) => `${s} ${n}`).join(', ') || 'already in step'}`);
    return { json: { command: 'sync rebuild', tenants }, text: lines.join('\n') || 'no tenants' };
  });
}

const RESET_REACH: Record<Broadcast, string> = {
  redis: 'devices listening for events were poked and re-bootstrap now; the others on their next pull',
  'not-configured': 'devices re-bootstrap on their next pull (without REDIS_URL no API instance is told to poke them)',
  unreachable: 'devices re-bootstrap on their next pull (Redis is unreachable, so none was poked)',
};

function resetScope({ config, options }: CommandArgs, scope: string | undefined): Promise<CommandResult> {
  if ((scope === undefined) === !options.all) throw new CliUsageError('sync reset-scope needs one scope or --all; `capliquify sync status` lists the scopes');
  return withDatabase(config, (database) => withPokeBus(config, async (bus, broadcast) => {
    const tenantId = await resolveTenantId(database.db);
    const scopes = await resetScopes(database.db, tenantId, scope ?? null, bus);
    const lines = scopes.map((s) => `${s.scope.padEnd(24)} epoch ${s.epoch - 1} → ${s.epoch}`);
    return {
      json: { command: 'sync reset-scope', tenantId, scopes, broadcast },
      text: scopes.length > 0 ? `${lines.join('\n')}\n${RESET_REACH[broadcast]}` : 'no scopes yet; nothing to reset',
    };
  }));
}

function compact({ config, options }: CommandArgs): Promise<CommandResult> {
  const keepDays = options.keepDays === undefined ? DEFAULT_KEEP_DAYS : Number(options.keepDays);
  if (!Number.isInteger(keepDays) || keepDays < 0) throw new CliUsageError(`--keep-days must be a whole number of days, 0 or more (got "${options.keepDays}")`);
  return withDatabase(config, async (database) => {
    const tenants = await compactAllTombstones(database.db, { keepDays });
    const lines = Object.entries(tenants).map(([tenant, scopes]) => `${tenant}: ${scopes.map((s) => `${s.scope} ${s.deleted} deleted (min version ${s.minVersion})`).join(', ') || 'nothing older than the window'}`);
    return {
      json: { command: 'sync compact', keepDays, tenants },
      text: `${lines.join('\n') || 'no tenants'}\ntombstones written in the last ${keepDays} days are kept; a device that has not pulled since re-bootstraps the scope`,
    };
  });
}
