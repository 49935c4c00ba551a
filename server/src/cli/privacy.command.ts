import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseHandle } from '../db/create-database';
import { notFound } from '../errors/app.error';
import { erasePerson, exportPerson } from '../privacy/privacy.service';
import { findPeople } from '../privacy/privacy.repo';
import { CliUsageError } from './cli-usage.error';
import type { Command, CommandArgs, CommandResult } from './command';
import { withDatabase } from './with-database';
import { withPokeBus } from './with-poke-bus';

const USAGE = 'privacy export <email|userId> [--out file.json] [--tenant <id>] | privacy erase <email|userId> --yes [--tenant <id>]';

export const privacyCommand: Command = {
  name: 'privacy',
  usage: USAGE,
  summary: 'GDPR: export everything held about a person as JSON, or erase them (ledgers and audit chain kept)',
  maxPositionals: 2,
  run: (args) => {
    const [action, who] = args.positionals;
    if (action !== 'export' && action !== 'erase') throw new CliUsageError(`privacy needs export or erase (got ${action ? `"${action}"` : 'nothing'})`);
    if (!who) throw new CliUsageError(`privacy ${action} needs the person's e-mail address or user id`);
    if (action === 'export') return runExport(args, who);
    if (!args.options.yes) throw new CliUsageError(`privacy erase anonymises ${who} for good; add --yes to confirm`);
    return runErase(args, who);
  },
};

function runExport({ config, options }: CommandArgs, who: string): Promise<CommandResult> {
  return withDatabase(config, async (database) => {
    const person = await findPerson(database.db, who, options.tenant);
    const document = await exportPerson(database.db, person.tenantId, person.id);
    if (!options.out) return { json: { command: 'privacy export', export: document }, text: JSON.stringify(document, null, 2) };
    const file = path.resolve(options.out);
    // Personal data: readable by the operator alone.
    await writeFile(file, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
    const c = document.counting;
    return {
      json: { command: 'privacy export', userId: person.id, tenantId: person.tenantId, file },
      text: `wrote ${file}: ${document.signIns.length} sign-in(s), ${document.auditEntries.length} audit entries, `
        + `${c.sessions.length} count session(s), ${c.lines.length} count line(s), ${c.approvals.length} approval row(s)`,
    };
  });
}

function runErase({ config, options }: CommandArgs, who: string): Promise<CommandResult> {
  return withDatabase(config, (database) => withPokeBus(config, async (bus) => {
    const person = await findPerson(database.db, who, options.tenant);
    const report = await erasePerson(database.db, person.tenantId, person.id, null, { bus: bus ?? undefined });
    const text = report.alreadyErased
      ? `${person.id} was already erased; nothing changed`
      : `erased ${person.id}: ${report.signInsRevoked} sign-in(s) revoked; name replaced in ${report.countSessions} count session(s), `
        + `${report.countLines} count line(s), ${report.countAuditRows} approval row(s), ${report.rejectedCommands} rejected command(s); ledgers and audit log kept`;
    return { json: { command: 'privacy erase', tenantId: person.tenantId, ...report }, text };
  }));
}

/** By e-mail (an erased person has none left) or by user id; --tenant when an address is used in several tenants. */
async function findPerson(db: DatabaseHandle['db'], who: string, tenantId: string | undefined): Promise<{ id: string; tenantId: string }> {
  const byEmail = who.includes('@');
  const matches = await findPeople(db, byEmail ? { email: who } : { id: who });
  const found = matches.filter((m) => !tenantId || m.tenantId === tenantId);
  if (found.length === 0) throw notFound(`No person with ${byEmail ? 'e-mail' : 'id'} ${who}${tenantId ? ` in tenant ${tenantId}` : ''}.`);
  if (found.length > 1) throw new CliUsageError(`${who} is a person in ${found.map((m) => m.tenantId).join(', ')}; add --tenant <id>`);
  return found[0]!;
}
