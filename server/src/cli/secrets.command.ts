import { loadSecretBox } from '../security/load-secret-box';
import { listSecretNames } from '../security/integration-secrets.repo';
import { resealAll } from '../security/integration-secrets.service';
import { CliUsageError } from './cli-usage.error';
import type { Command, CommandArgs, CommandResult } from './command';
import { withDatabase } from './with-database';

export const secretsCommand: Command = {
  name: 'secrets',
  usage: 'secrets rotate | secrets list [--tenant <id>]',
  summary: 're-seal integration secrets with the newest key of SECRETS_KEYS; list their names and keys (never values)',
  maxPositionals: 1,
  run: (args) => {
    const [action] = args.positionals;
    if (action === 'rotate') return rotate(args);
    if (action === 'list') return list(args);
    throw new CliUsageError(`secrets needs rotate or list (got ${action ? `"${action}"` : 'nothing'})`);
  },
};

function rotate({ config }: CommandArgs): Promise<CommandResult> {
  const box = loadSecretBox(config);
  return withDatabase(config, async (database) => {
    const report = await resealAll(database.db, box);
    const unreadable = report.unreadable.map((u) => `  cannot open ${u.tenantId}/${u.name}: sealed with key "${u.keyId}", which is not in SECRETS_KEYS`);
    const text = [
      `${report.resealed} of ${report.total} secret(s) re-sealed with key "${report.currentKeyId}"`
        + (report.unreadable.length === 0 ? '; older keys can now be removed from SECRETS_KEYS' : ''),
      ...unreadable,
    ].join('\n');
    return { json: { command: 'secrets rotate', ...report }, text, exitCode: report.unreadable.length === 0 ? 0 : 1 };
  });
}

function list({ config, options }: CommandArgs): Promise<CommandResult> {
  return withDatabase(config, async (database) => {
    const secrets = await listSecretNames(database.db, options.tenant);
    const lines = secrets.map((s) => `${s.tenantId}  ${s.name}  key ${s.keyId}  updated ${s.updatedAt.toISOString()}`);
    return {
      json: { command: 'secrets list', secrets: secrets.map((s) => ({ ...s, updatedAt: s.updatedAt.toISOString() })) },
      text: lines.length > 0 ? lines.join('\n') : 'no integration secrets stored',
    };
  });
}
