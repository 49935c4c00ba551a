import { ErrorCode } from '@capliquify/shared';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../audit/audit.service';
import type { Database } from '../../db/schema';
import { AppError, badRequest } from '../../errors/app.error';
import { insertChannel, listChannelRows } from './channels.repo';

/** Always there: electron-builder publishes a plain version to `latest` (our stable) and a prerelease to `beta`. */
export const BUILT_IN_CHANNELS = ['stable', 'beta'] as const;

/**
 * The feed folder electron-builder names a plain version's channel (`updates/latest/latest.yml`,
 * see electron-builder.yml) is our stable channel.
 */
export function channelFromFeedFolder(folder: string): string {
  return folder === 'latest' ? 'stable' : folder;
}

const NAME = /^[a-z][a-z0-9-]{0,31}$/;

export interface ChannelSummary {
  name: string;
  builtIn: boolean;
  createdAt: string | null;
}

export async function listChannels(db: Kysely<Database>, tenantId: string): Promise<ChannelSummary[]> {
  const added = await listChannelRows(db, tenantId);
  return [
    ...BUILT_IN_CHANNELS.map((name) => ({ name, builtIn: true, createdAt: null })),
    ...added.filter((c) => !(BUILT_IN_CHANNELS as readonly string[]).includes(c.name)).map((c) => ({ name: c.name, builtIn: false, createdAt: c.created_at.toISOString() })),
  ];
}

/** The channel's name when the tenant has it; a NOT_FOUND that lists the channels otherwise. */
export async function requireChannel(db: Kysely<Database>, tenantId: string, name: string): Promise<string> {
  const channels = await listChannels(db, tenantId);
  if (channels.some((c) => c.name === name)) return name;
  throw new AppError(ErrorCode.NotFound, `No release channel "${name}"; the channels are ${channels.map((c) => c.name).join(', ')} (add one with \`channels add <name>\`).`);
}

/** Adds a channel (audited); adding one that exists is a CONFLICT. */
export async function addChannel(db: Kysely<Database>, tenantId: string, name: string, actorUserId: string | null): Promise<ChannelSummary> {
  if (!NAME.test(name) || name === 'latest') {
    throw badRequest(`A channel name is 1–32 lowercase letters, digits or dashes, starting with a letter, and not "latest" (got ${JSON.stringify(name)}).`);
  }
  const exists = (await listChannels(db, tenantId)).some((c) => c.name === name);
  if (exists) throw new AppError(ErrorCode.Conflict, `The channel "${name}" already exists.`);
  return db.transaction().execute(async (trx) => {
    const row = await insertChannel(trx, tenantId, name, actorUserId);
    await appendAudit(trx, { tenantId, actorUserId, action: 'release_channel.added', subject: `release_channel:${name}` });
    return { name, builtIn: false, createdAt: row.created_at.toISOString() };
  });
}
