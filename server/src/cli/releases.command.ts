import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { resolveTenantId } from '../domains/tenancy/tenant.service';
import { publishRelease, type PublishResult } from '../domains/fleet/release-publish.service';
import { copyReleaseToChannel, pauseRelease, promoteRelease, resumeRelease, rollbackRelease } from '../domains/fleet/release-rollout.service';
import { listReleases, resolveRelease, type ReleaseSummary } from '../domains/fleet/releases.service';
import { parseRing, type RingPromotion } from '../domains/fleet/rollout-rings';
import { ArtifactStore } from '../updates/artifact-store';
import { CliUsageError } from './cli-usage.error';
import type { Command, CommandArgs, CommandResult } from './command';
import { publishRemotely, remoteBase } from './releases-remote';
import { releasesToken } from './releases-token';
import { withDatabase } from './with-database';

const USAGE = [
  'releases publish --channel <c> --version <semver> [--notes <text>] [--ring <r>] [--server <url>] <files…>',
  'releases list [--channel <c>]',
  'releases promote <version> --ring <canary|sites|percent:N|all> [--sites <id,…>] [--channel <c>]',
  'releases promote <version> --channel <target> [--from <c>]',
  'releases pause|resume <version> [--channel <c>]',
  'releases rollback <version> [--channel <c>] [--to <version>]',
  'releases token create --name <n> [--expires-days <d>] | releases token list | releases token revoke <id>',
].join(' | ');

export const releasesCommand: Command = {
  name: 'releases',
  usage: USAGE,
  summary: 'publish desktop releases to the update feed, widen, pause, resume or roll back their rollout',
  maxPositionals: 200,
  run: (args) => {
    const [action, ...rest] = args.positionals;
    // Steering a rollout stays with an admin (the Fleet screen, or this CLI on the server): a publish token cannot.
    if (args.options.server !== undefined && action !== 'publish') throw new CliUsageError('--server goes with `releases publish` only; steer rollouts in the Fleet screen or with the CLI on the server');
    if (action === 'publish') return publish(args, rest);
    if (action === 'list') return list(args);
    if (action === 'token') return releasesToken(args, rest);
    if (action !== 'promote' && action !== 'pause' && action !== 'resume' && action !== 'rollback') {
      throw new CliUsageError(`releases needs publish, list, promote, pause, resume, rollback or token (got ${action ? `"${action}"` : 'nothing'})`);
    }
    if (rest.length !== 1) throw new CliUsageError(`releases ${action} needs one version, e.g. \`releases ${action} 1.4.0\``);
    return action === 'promote' ? promote(args, rest[0]!) : steer(args, action, rest[0]!);
  },
};

/** What `releases publish` prints, locally or through a server. */
function published(result: PublishResult, via?: string): CommandResult {
  const text = [
    `${result.created ? 'published' : 'added to'} ${line(result.release)}${via ? ` (through ${via})` : ''}`,
    ...result.release.files.map((f) => `  ${f.name}  ${f.size} bytes  sha512 ${f.sha512}`),
    ...(result.ignored.length > 0 ? [`  ignored (the server writes the feed itself): ${result.ignored.join(', ')}`] : []),
  ].join('\n');
  return { json: { command: 'releases publish', ...(via ? { server: via } : {}), ...result }, text };
}

function line(r: ReleaseSummary): string {
  return `${r.version}  ${r.channel}  ${r.state}  ${r.reach}  ${r.platforms.join(', ') || 'no installers'}  ${r.id}${r.carriesVersion ? `  (the ${r.carriesVersion} build)` : ''}`;
}

async function tenantOf(args: CommandArgs, db: Parameters<typeof resolveTenantId>[0]): Promise<string> {
  return args.options.tenant ?? resolveTenantId(db);
}

async function publish(args: CommandArgs, files: string[]): Promise<CommandResult> {
  const { channel, version, notes } = args.options;
  if (!channel || !version) throw new CliUsageError('releases publish needs --channel <c> and --version <semver>');
  if (files.length === 0) throw new CliUsageError('releases publish needs the installer files (and their .blockmap files)');
  const ring = args.options.ring === undefined ? null : parseRing(args.options.ring);
  if (args.options.ring !== undefined && !ring) throw new CliUsageError(`--ring must be canary, sites, percent:<1-100> or all (got "${args.options.ring}")`);
  for (const file of files) {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new CliUsageError(`${file} is not a file`);
  }
  if (args.options.server !== undefined) {
    // The release workflow: through the server's upload route, with a token from the environment.
    const serverUrl = remoteBase(args.options.server);
    const token = args.config.fleet.releaseToken;
    if (!token) throw new CliUsageError('releases publish --server needs CAPLIQUIFY_RELEASE_TOKEN: a publish token from `releases token create` on the server');
    args.progress(`uploading ${files.length} file${files.length === 1 ? '' : 's'} to ${serverUrl} as ${version} on ${channel}…`);
    const result = await publishRemotely({ serverUrl, token, channel, version, notes, ring: args.options.ring, files });
    return published(result, serverUrl);
  }
  return withDatabase(args.config, async (database) => {
    const tenantId = await tenantOf(args, database.db);
    const store = new ArtifactStore(args.config.fleet.updatesDir);
    args.progress(`publishing ${files.length} file${files.length === 1 ? '' : 's'} as ${version} on ${channel}…`);
    const result = await publishRelease(database.db, store, { tenantId, channel, version, notes: notes ?? null, ring, actorUserId: null },
      files.map((file) => ({ name: path.basename(file), open: () => createReadStream(file) })), args.config.fleet.maxArtifactBytes);
    return published(result);
  });
}

function list(args: CommandArgs): Promise<CommandResult> {
  return withDatabase(args.config, async (database) => {
    const releases = await listReleases(database.db, await tenantOf(args, database.db), args.options.channel);
    return { json: { command: 'releases list', releases }, text: releases.length > 0 ? releases.map(line).join('\n') : 'no releases published' };
  });
}

function promotion(args: CommandArgs): RingPromotion {
  const ring = parseRing(args.options.ring!);
  if (!ring) throw new CliUsageError(`--ring must be canary, sites, percent:<1-100> or all (got "${args.options.ring}")`);
  if (args.options.sites === undefined) return ring;
  if (ring.ring !== 'sites') throw new CliUsageError('--sites goes with --ring sites');
  return { ring: 'sites', siteOrder: args.options.sites.split(',').map((s) => s.trim()).filter(Boolean) };
}

function promote(args: CommandArgs, version: string): Promise<CommandResult> {
  const { ring, channel, from } = args.options;
  if (ring === undefined && channel === undefined) throw new CliUsageError('releases promote needs --ring <r> (widen its rollout) or --channel <c> (publish it on another channel)');
  const widen = ring !== undefined ? promotion(args) : null;
  return withDatabase(args.config, async (database) => {
    const tenantId = await tenantOf(args, database.db);
    const actor = { tenantId, actorUserId: null };
    if (widen) {
      const release = await resolveRelease(database.db, tenantId, version, channel);
      const promoted = await promoteRelease(database.db, actor, release.id, widen);
      return { json: { command: 'releases promote', release: promoted }, text: `promoted ${line(promoted)}` };
    }
    const source = await resolveRelease(database.db, tenantId, version, from);
    const copy = await copyReleaseToChannel(database.db, actor, source.id, channel!);
    return { json: { command: 'releases promote', release: copy }, text: `published on ${copy.channel}: ${line(copy)}` };
  });
}

function steer(args: CommandArgs, action: 'pause' | 'resume' | 'rollback', version: string): Promise<CommandResult> {
  return withDatabase(args.config, async (database) => {
    const tenantId = await tenantOf(args, database.db);
    const actor = { tenantId, actorUserId: null };
    const release = await resolveRelease(database.db, tenantId, version, args.options.channel);
    if (action === 'rollback') {
      const { rolledBack, replacement } = await rollbackRelease(database.db, actor, release.id, args.options.to);
      return {
        json: { command: 'releases rollback', rolledBack, replacement },
        text: `rolled back ${rolledBack.version} on ${rolledBack.channel}; every device that took it is offered ${replacement.version} (the ${replacement.carriesVersion} build): ${replacement.id}`,
      };
    }
    const changed = action === 'pause' ? await pauseRelease(database.db, actor, release.id) : await resumeRelease(database.db, actor, release.id);
    return { json: { command: `releases ${action}`, release: changed }, text: `${action === 'pause' ? 'paused' : 'resumed'} ${line(changed)}` };
  });
}
