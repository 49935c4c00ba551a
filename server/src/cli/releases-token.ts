import { resolveTenantId } from '../domains/tenancy/tenant.service';
import { createReleaseToken, listReleaseTokens, revokeReleaseToken, type ReleaseTokenSummary } from '../domains/fleet/release-tokens.service';
import { CliUsageError } from './cli-usage.error';
import type { CommandArgs, CommandResult } from './command';
import { withDatabase } from './with-database';

function line(t: ReleaseTokenSummary): string {
  const state = t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt ? `expires ${t.expiresAt}` : 'no expiry';
  return `${t.id}  ${t.name}  ${state}  last used ${t.lastUsedAt ?? 'never'}`;
}

/** `releases token create|list|revoke`: publish tokens for the release workflow. */
export function releasesToken(args: CommandArgs, rest: string[]): Promise<CommandResult> {
  const [action, ...more] = rest;
  if (action === 'create') {
    if (more.length > 0) throw new CliUsageError('releases token create takes no other words: name it with --name');
    if (!args.options.name) throw new CliUsageError('releases token create needs --name <what uses it>, e.g. --name github-release');
    const days = args.options.expiresDays === undefined ? null : Number(args.options.expiresDays);
    if (days !== null && !/^\d{1,4}$/.test(args.options.expiresDays!)) throw new CliUsageError(`--expires-days must be a whole number of days (got "${args.options.expiresDays}")`);
    return withDatabase(args.config, async (database) => {
      const tenantId = args.options.tenant ?? await resolveTenantId(database.db);
      const created = await createReleaseToken(database.db, { tenantId, name: args.options.name!, expiresDays: days, actorUserId: null });
      const { token, ...summary } = created;
      return {
        json: { command: 'releases token create', token, ...summary },
        text: [
          `created ${line(summary)}`,
          `token (shown once; store it as the CAPLIQUIFY_RELEASE_TOKEN secret of the release workflow):`,
          token,
        ].join('\n'),
      };
    });
  }
  if (action === 'list') {
    return withDatabase(args.config, async (database) => {
      const tokens = await listReleaseTokens(database.db, args.options.tenant ?? await resolveTenantId(database.db));
      return { json: { command: 'releases token list', tokens }, text: tokens.length > 0 ? tokens.map(line).join('\n') : 'no release tokens' };
    });
  }
  if (action === 'revoke') {
    if (more.length !== 1) throw new CliUsageError('releases token revoke needs the token\'s id (rtok_…), as `releases token list` shows it');
    return withDatabase(args.config, async (database) => {
      const revoked = await revokeReleaseToken(database.db, args.options.tenant ?? await resolveTenantId(database.db), more[0]!, null);
      return { json: { command: 'releases token revoke', token: revoked }, text: `revoked ${line(revoked)}` };
    });
  }
  throw new CliUsageError(`releases token needs create, list or revoke (got ${action ? `"${action}"` : 'nothing'})`);
}
