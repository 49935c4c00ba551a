import { resolveTenantId } from '../domains/tenancy/tenant.service';
import { listDevices, revokeDevice } from '../sync/devices.service';
import { createEnrollmentCode } from '../sync/enrollment.service';
import type { DeviceRole } from '../sync/scopes';
import { DEVICE_AUTH_TTL_MS } from '../sync/device-auth-cache';
import { CliUsageError } from './cli-usage.error';
import type { Command, CommandArgs, CommandResult } from './command';
import { withDatabase } from './with-database';
import { withPokeBus, type Broadcast } from './with-poke-bus';

const USAGE = 'devices enroll --site <siteId> [--kind station|finance] [--name <n>] [--expires-minutes 60] | devices list | devices revoke <deviceId>';

// A finance workstation replicates the finance scope besides its site's (sync/scopes.ts).
const KIND_ROLES: Record<string, DeviceRole> = { station: 'operator', finance: 'finance' };

export const devicesCommand: Command = {
  name: 'devices',
  usage: USAGE,
  summary: 'issue a one-time enrollment code, list devices, revoke a device',
  maxPositionals: 2,
  run: (args) => {
    const [action, target] = args.positionals;
    if (action === 'enroll') return enroll(args);
    if (action === 'list') return list(args);
    if (action === 'revoke') {
      if (!target) throw new CliUsageError('devices revoke needs a device id; see `capliquify devices list`');
      return revoke(args, target);
    }
    throw new CliUsageError(`devices needs enroll, list or revoke (got ${action ? `"${action}"` : 'nothing'})`);
  },
};

function enroll({ config, options }: CommandArgs): Promise<CommandResult> {
  if (!options.site) throw new CliUsageError('devices enroll needs --site <siteId>');
  const minutes = options.expiresMinutes === undefined ? 60 : Number(options.expiresMinutes);
  if (!Number.isInteger(minutes) || minutes <= 0) throw new CliUsageError(`--expires-minutes must be a positive integer (got "${options.expiresMinutes}")`);
  const kind = options.kind ?? 'station';
  const role = Object.hasOwn(KIND_ROLES, kind) ? KIND_ROLES[kind]! : null;
  if (!role) throw new CliUsageError(`--kind must be station or finance (got "${kind}")`);
  return withDatabase(config, async (database) => {
    const tenantId = await resolveTenantId(database.db);
    const issued = await createEnrollmentCode(database.db, { tenantId, siteId: options.site!, name: options.name, expiresInMinutes: minutes, role });
    const what = role === 'finance' ? 'a finance workstation' : 'a station';
    return {
      json: { command: 'devices enroll', code: issued.code, siteId: issued.siteId, kind, expiresAt: issued.expiresAt.toISOString() },
      text: `${issued.code}\n(one-time code for ${what} at site ${issued.siteId}, valid until ${issued.expiresAt.toISOString()})`,
    };
  });
}

function list({ config }: CommandArgs): Promise<CommandResult> {
  return withDatabase(config, async (database) => {
    const devices = await listDevices(database.db);
    const lines = devices.map((d) => `${d.id}  ${d.name}  site ${d.siteId ?? '-'}${d.role === 'finance' ? '  finance workstation' : ''}  ${d.revokedAt ? `revoked ${d.revokedAt}` : 'active'}  last mutation ${d.lastMutationId}`);
    return { json: { command: 'devices list', devices }, text: lines.length > 0 ? lines.join('\n') : 'no devices enrolled' };
  });
}

function revoke({ config }: CommandArgs, deviceId: string): Promise<CommandResult> {
  return withDatabase(config, (database) => withPokeBus(config, async (bus, broadcast) => {
    await revokeDevice(database.db, deviceId, bus ?? undefined);
    return { json: { command: 'devices revoke', deviceId, revoked: true, broadcast }, text: `revoked ${deviceId}; ${REVOKE_REACH[broadcast]}` };
  }));
}

const CACHE_S = DEVICE_AUTH_TTL_MS / 1_000;
// Pulls and pushes read the device row, so they are refused at once whatever the bus does.
const REVOKE_REACH: Record<Broadcast, string> = {
  redis: 'every API instance was told over Redis: its event streams end and its next sync is refused',
  'not-configured': `its next sync is refused. Without REDIS_URL an API in another process is not told: an open event stream stays open and a new one is accepted for up to ${CACHE_S} s (credential cache)`,
  unreachable: `its next sync is refused. Redis is unreachable, so API instances were not told: an open event stream stays open and a new one is accepted for up to ${CACHE_S} s (credential cache)`,
};
