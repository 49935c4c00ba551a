// Parses one command line and runs the command; `main.ts` is the process entry.
import { parseArgs } from 'node:util';
import { ConfigError, loadServerConfigFromProcess } from '../config';
import { StartupError } from '../errors/startup.error';
import { CliUsageError } from './cli-usage.error';
import type { Command } from './command';
import { createHelpCommand } from './help.command';
import { migrateCommand } from './migrate.command';
import { seedCommand } from './seed.command';
import { devicesCommand } from './devices.command';
import { statusCommand } from './status.command';
import { syncCommand } from './sync.command';
import { auditCommand } from './audit.command';
import { privacyCommand } from './privacy.command';
import { secretsCommand } from './secrets.command';
import { usersCommand } from './users.command';
import { jobsCommand } from './jobs.command';
import { integrationsCommand } from './integrations.command';
import { importCommand } from './import.command';
import { ordersCommand } from './orders.command';
import { releasesCommand } from './releases.command';
import { channelsCommand } from './channels.command';
import { forecastsCommand } from './forecasts.command';
import { reportsCommand } from './reports.command';

const commands: Command[] = [migrateCommand, seedCommand, statusCommand, devicesCommand, syncCommand, auditCommand, secretsCommand, privacyCommand, usersCommand, jobsCommand, integrationsCommand, importCommand, ordersCommand, forecastsCommand, releasesCommand, channelsCommand, reportsCommand];
commands.push(createHelpCommand(() => commands));

/** Runs one command line; returns the exit code. Output goes to the given streams. */
export async function runCli(
  argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr, input: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' }, size: { type: 'string' }, help: { type: 'boolean', short: 'h' },
        site: { type: 'string' }, name: { type: 'string' }, 'expires-minutes': { type: 'string' },
        all: { type: 'boolean' }, 'keep-days': { type: 'string' },
        tenant: { type: 'string' }, limit: { type: 'string' }, out: { type: 'string' }, yes: { type: 'boolean' },
        email: { type: 'string' }, role: { type: 'string' }, 'all-sites': { type: 'boolean' }, 'password-stdin': { type: 'boolean' },
        dead: { type: 'boolean' },
        kind: { type: 'string' }, mode: { type: 'string' },
        channel: { type: 'string' },
        version: { type: 'string' }, ring: { type: 'string' }, notes: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, sites: { type: 'string' },
        server: { type: 'string' }, 'expires-days': { type: 'string' },
        views: { type: 'string' }, formats: { type: 'string' }, 'period-days': { type: 'string' }, cadence: { type: 'string' }, weekday: { type: 'string' },
        hour: { type: 'string' }, timezone: { type: 'string' }, folder: { type: 'string' }, disabled: { type: 'boolean' },
      },
    });
    json = values.json ?? false;
    const name = values.help ? 'help' : (positionals[0] ?? 'help');
    const command = commands.find((c) => c.name === name);
    if (!command) throw new CliUsageError(`unknown command "${name}"; run \`capliquify help\``);
    const extra = positionals.slice(1);
    if (extra.length > (command.maxPositionals ?? 0)) throw new CliUsageError(`unexpected argument "${extra[command.maxPositionals ?? 0]}"; run \`capliquify help\``);
    const config = loadServerConfigFromProcess();
    const result = await command.run({
      config,
      options: {
        json, size: values.size, site: values.site, name: values.name, expiresMinutes: values['expires-minutes'],
        all: values.all, keepDays: values['keep-days'],
        tenant: values.tenant, limit: values.limit, out: values.out, yes: values.yes,
        email: values.email, role: values.role, allSites: values['all-sites'], passwordStdin: values['password-stdin'],
        dead: values.dead,
        kind: values.kind, mode: values.mode,
        channel: values.channel,
        version: values.version, ring: values.ring, notes: values.notes, from: values.from, to: values.to, sites: values.sites,
        server: values.server, expiresDays: values['expires-days'],
        views: values.views, formats: values.formats, periodDays: values['period-days'], cadence: values.cadence, weekday: values.weekday,
        hour: values.hour, timezone: values.timezone, folder: values.folder, disabled: values.disabled,
      },
      readStdin: () => readAll(input),
      positionals: extra,
      progress: (line) => {
        if (!json) err.write(`${line}\n`);
      },
    });
    out.write(`${json ? JSON.stringify(result.json) : result.text}\n`);
    return result.exitCode ?? 0;
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof StartupError || error instanceof CliUsageError || isParseArgsError(error);
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    // Node's parseArgs explains quoting at length; its first sentence is the useful part.
    const line = isParseArgsError(error) ? `${message.split('. ')[0]}; run \`capliquify help\`` : known ? message : `failed: ${message}`;
    if (json) out.write(`${JSON.stringify({ error: line })}\n`);
    err.write(`capliquify: ${line}\n`);
    return 1;
  }
}

function isParseArgsError(error: unknown): boolean {
  return String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
}

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of input) text += String(chunk);
  return text;
}
