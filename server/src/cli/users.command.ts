import { randomBytes } from 'node:crypto';
import { roleSchema, type Role, type RoleGrant } from '@capliquify/shared';
import {
  activeUserByEmail, createUser, grantRole, listUsers, removeUser, revokeRole, type UserSummary,
} from '../auth/accounts.service';
import { resolveTenantId } from '../domains/tenancy/tenant.service';
import { CliUsageError } from './cli-usage.error';
import type { Command, CommandArgs, CommandResult } from './command';
import { withDatabase } from './with-database';

// One line in `help`, as wide as the others; grant, revoke and remove are spelled out in the summary.
const USAGE = 'users create --email <e> --name <n> [--role <r> (--site <id>|--all-sites)] [--password-stdin] | users list';
// The operator at the CLI acts as nobody in particular: the audit log says so (no actor user).
const OPERATOR = { userId: null };

export const usersCommand: Command = {
  name: 'users',
  usage: USAGE,
  summary: 'built-in accounts (a password not piped in is generated and shown once); users grant <email> --role <r> (--site <id>|--all-sites),'
    + ' users revoke <email> (--site <id>|--all-sites), users remove <email> (their sign-ins end at once)',
  maxPositionals: 2,
  run: (args) => {
    const [action, email] = args.positionals;
    if (action === 'create') return create(args);
    if (action === 'list') return list(args);
    if (action === 'grant' || action === 'revoke' || action === 'remove') {
      if (!email) throw new CliUsageError(`users ${action} needs the person's email; see \`capliquify users list\``);
      if (action === 'grant') return grant(args, email);
      return action === 'revoke' ? revoke(args, email) : remove(args, email);
    }
    throw new CliUsageError(`users needs create, list, grant, revoke or remove (got ${action ? `"${action}"` : 'nothing'})`);
  },
};

async function create(args: CommandArgs): Promise<CommandResult> {
  const { config, options } = args;
  if (!options.email || !options.name) throw new CliUsageError('users create needs --email <email> and --name <display name>');
  const grant = options.role === undefined ? null : { role: roleOption(options.role), siteId: siteOption(args, 'users create --role') };
  if (options.role === undefined && (options.site !== undefined || options.allSites)) throw new CliUsageError('--site and --all-sites go with --role');
  // Read before opening the database: a person typing at the terminal should not hold a PGlite lock.
  const typed = options.passwordStdin ? firstLine(await args.readStdin()) : null;
  const password = typed ?? randomBytes(15).toString('base64url');
  return withDatabase(config, async (database) => {
    const tenantId = options.tenant ?? (await resolveTenantId(database.db));
    let user = await createUser(database.db, { tenantId, email: options.email!, displayName: options.name!, password }, OPERATOR);
    if (grant) user = { ...user, grants: await grantRole(database.db, { tenantId, userId: user.id, ...grant }, OPERATOR) };
    const generated = typed === null ? password : undefined;
    const lines = [`created ${describe(user)}`];
    if (generated) lines.push(`password: ${generated}`, '(shown once: hand it to the person; it is stored only as a hash)');
    return { json: { command: 'users create', user, ...(generated ? { password: generated } : {}) }, text: lines.join('\n') };
  });
}

function list({ config, options }: CommandArgs): Promise<CommandResult> {
  return withDatabase(config, async (database) => {
    const users = await listUsers(database.db, options.tenant ?? (await resolveTenantId(database.db)));
    return { json: { command: 'users list', users }, text: users.length > 0 ? users.map(describe).join('\n') : 'no users yet: `capliquify users create`' };
  });
}

function grant(args: CommandArgs, email: string): Promise<CommandResult> {
  if (args.options.role === undefined) throw new CliUsageError('users grant needs --role admin|manager|operator|viewer');
  const role = roleOption(args.options.role);
  const siteId = siteOption(args, 'users grant');
  return withUser(args, email, async (db, tenantId, user) => {
    const grants = await grantRole(db, { tenantId, userId: user.id, siteId, role }, OPERATOR);
    return { json: { command: 'users grant', userId: user.id, email: user.email, grants }, text: `${user.email}: ${describeGrants(grants)}` };
  });
}

function revoke(args: CommandArgs, email: string): Promise<CommandResult> {
  const siteId = siteOption(args, 'users revoke');
  return withUser(args, email, async (db, tenantId, user) => {
    const grants = await revokeRole(db, { tenantId, userId: user.id, siteId }, OPERATOR);
    return { json: { command: 'users revoke', userId: user.id, email: user.email, grants }, text: `${user.email}: ${describeGrants(grants)}` };
  });
}

function remove(args: CommandArgs, email: string): Promise<CommandResult> {
  return withUser(args, email, async (db, tenantId, user) => {
    const { signInsRevoked } = await removeUser(db, { tenantId, userId: user.id }, OPERATOR);
    return {
      json: { command: 'users remove', userId: user.id, email: user.email, removed: true, signInsRevoked },
      text: `removed ${user.email}; ${signInsRevoked} sign-in${signInsRevoked === 1 ? '' : 's'} ended (their next request is refused)`,
    };
  });
}

type Db = Parameters<typeof listUsers>[0];

function withUser(args: CommandArgs, email: string, run: (db: Db, tenantId: string, user: { id: string; email: string }) => Promise<CommandResult>): Promise<CommandResult> {
  return withDatabase(args.config, async (database) => {
    const tenantId = args.options.tenant ?? (await resolveTenantId(database.db));
    const user = await activeUserByEmail(database.db, tenantId, email);
    return run(database.db, tenantId, user);
  });
}

function roleOption(value: string): Role {
  const role = roleSchema.safeParse(value);
  if (!role.success) throw new CliUsageError(`--role must be admin, manager, operator or viewer (got "${value}")`);
  return role.data;
}

/** Exactly one of --site <id> and --all-sites: a grant always says where it applies. */
function siteOption({ options }: CommandArgs, what: string): string | null {
  if ((options.site === undefined) === !options.allSites) throw new CliUsageError(`${what} needs exactly one of --site <siteId> and --all-sites`);
  return options.site ?? null;
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/)[0] ?? '';
  if (!line) throw new CliUsageError('--password-stdin read no password: pipe one line, e.g. `printf %s "$PW" | capliquify users create …`');
  return line;
}

function describeGrants(grants: RoleGrant[]): string {
  return grants.length > 0 ? grants.map((g) => `${g.role} at ${g.siteId ?? 'all sites'}`).join(', ') : 'no roles';
}

function describe(user: UserSummary): string {
  return `${user.email}  ${user.displayName}  ${user.id}  ${describeGrants(user.grants)}${user.totpEnabled ? '  (authenticator on)' : ''}`;
}
