import { verifyAudit, listAudit, type TenantVerdict } from '../audit/audit.service';
import { CliUsageError } from './cli-usage.error';
import type { Command, CommandArgs, CommandResult } from './command';
import { withDatabase } from './with-database';

const USAGE = 'audit verify [--tenant <id>] | audit list [--tenant <id>] [--limit 50]';

/** Exit code of `audit verify` when a chain is broken (1 stays "the command failed"). */
export const BROKEN_CHAIN_EXIT = 2;

export const auditCommand: Command = {
  name: 'audit',
  usage: USAGE,
  summary: 'verify the hash-chained audit log (exit 2 naming the first bad entry), list recent entries',
  maxPositionals: 1,
  run: (args) => {
    const [action] = args.positionals;
    if (action === 'verify') return verify(args);
    if (action === 'list') return list(args);
    throw new CliUsageError(`audit needs verify or list (got ${action ? `"${action}"` : 'nothing'})`);
  },
};

function verify({ config, options }: CommandArgs): Promise<CommandResult> {
  return withDatabase(config, async (database) => {
    const verdicts = await verifyAudit(database.db, options.tenant);
    const broken = verdicts.filter((v) => !v.ok);
    const entries = verdicts.reduce((sum, v) => sum + (v.ok ? v.count : 0), 0);
    const summary = broken.length === 0
      ? `audit log intact: ${verdicts.length} tenant(s), ${entries} entries`
      : `audit log BROKEN in ${broken.length} of ${verdicts.length} tenant(s)`;
    return {
      json: { command: 'audit verify', ok: broken.length === 0, tenants: verdicts },
      text: [summary, ...verdicts.map(describe)].join('\n'),
      exitCode: broken.length === 0 ? 0 : BROKEN_CHAIN_EXIT,
    };
  });
}

function describe(verdict: TenantVerdict): string {
  if (verdict.ok) return `  ${verdict.tenantId}: ${verdict.count} entries, head ${verdict.lastHash.slice(0, 16)}…`;
  return `  ${verdict.tenantId}: first bad entry ${verdict.message}`;
}

function list({ config, options }: CommandArgs): Promise<CommandResult> {
  const limit = options.limit === undefined ? 50 : Number(options.limit);
  if (!Number.isInteger(limit) || limit <= 0 || limit > 10_000) throw new CliUsageError(`--limit must be an integer 1–10000 (got "${options.limit}")`);
  return withDatabase(config, async (database) => {
    const entries = await listAudit(database.db, { tenantId: options.tenant, limit });
    const lines = entries.map((e) => {
      const actor = e.actorUserId ? `user ${e.actorUserId}` : e.actorDeviceId ? `device ${e.actorDeviceId}` : 'system';
      return `#${e.seq}  ${e.at.toISOString()}  ${e.tenantId}  ${e.action}  ${e.subject ?? '-'}  by ${actor}  ${JSON.stringify(e.details)}`;
    });
    return {
      json: { command: 'audit list', entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) },
      text: lines.length > 0 ? lines.join('\n') : 'no audit entries',
    };
  });
}
