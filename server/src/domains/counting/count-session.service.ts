import {
  ErrorCode,
  type CommandArgs, type CountRecount, type cancelCountSession, type createCountSession, type requestRecount,
  type startCountSession, type submitCountSession,
} from '@capliquify/shared';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { CommandRejection } from '../../sync/command-failure';
import type { ScopeWrite, ScopeWriter } from '../../sync/replication.service';
import { siteScope } from '../../sync/scopes';
import { countExpectedRow, countSessionRow } from '../../sync/sync-documents';
import { freezeCycleCount, freezeFullCount, listSessionExpected } from './count-expected.repo';
import { listRowCounters } from './count-line.repo';
import {
  findItemIds, findSiteLocationIds, insertSession, readLabels, readSession, readTenantCurrency, updateSession,
  type CountSessionRecord,
} from './count-session.repo';

/** Who acts, where, and how replicated rows are written (a push command's context satisfies it). */
export interface CountingActor {
  trx: Transaction<Database>;
  tenantId: string;
  /** The device's site: it may act on that site's sessions only. */
  siteId: string;
  deviceId: string;
  scopes: ScopeWriter;
}

export interface OpenedSession {
  session: CountSessionRecord;
  scope: string;
  write: ScopeWrite;
}

/**
 * Takes the site scope's write before reading the session: it serialises every counting command
 * and every movement of the site, so the status checked here holds until commit.
 */
export async function openSession(actor: CountingActor, sessionId: string): Promise<OpenedSession> {
  const scope = siteScope(actor.siteId);
  const write = await actor.scopes.begin(scope);
  const session = await readSession(actor.trx, actor.tenantId, sessionId);
  if (!session) throw new CommandRejection(ErrorCode.NotFound, `There is no count session ${sessionId}.`);
  if (session.site_id !== actor.siteId) {
    throw new CommandRejection(ErrorCode.Forbidden, `Session ${session.name} belongs to site ${session.site_id}; this device belongs to site ${actor.siteId}.`);
  }
  return { session, scope, write };
}

const STATUS_WORDS: Record<CountSessionRecord['status'], string> = {
  draft: 'has not started yet', counting: 'is still being counted', submitted: 'was submitted', approved: 'was approved', cancelled: 'was cancelled',
};

/** "Session <name> was cancelled", "has not started yet"…: the start of a rejection's reason. */
export function describeStatus(session: CountSessionRecord): string {
  return `Session ${session.name} ${STATUS_WORDS[session.status]}`;
}

function reject(message: string): never {
  throw new CommandRejection(ErrorCode.CommandRejected, message);
}

const unique = (values: string[]): string[] => [...new Set(values)];

function listed(values: string[], max = 10): string {
  return values.length <= max ? values.join(', ') : `${values.slice(0, max).join(', ')} and ${values.length - max} more`;
}

/** A draft session at the device's site; a session id already taken is a replay and changes nothing. */
export async function createSession(actor: CountingActor, args: CommandArgs<typeof createCountSession>): Promise<string[]> {
  if (args.siteId !== actor.siteId) {
    throw new CommandRejection(ErrorCode.Forbidden, `This device belongs to site ${actor.siteId} and cannot create count sessions at site ${args.siteId}.`);
  }
  const scope = siteScope(actor.siteId);
  const write = await actor.scopes.begin(scope);
  if (await readSession(actor.trx, actor.tenantId, args.sessionId)) return [];
  const locationIds = unique(args.locationIds);
  const known = await findSiteLocationIds(actor.trx, actor.tenantId, actor.siteId, locationIds);
  const missing = locationIds.filter((id) => !known.has(id));
  if (missing.length > 0) throw new CommandRejection(ErrorCode.NotFound, `There is no location ${listed(missing)} at site ${actor.siteId}.`);
  const itemIds = args.itemIds === null ? null : unique(args.itemIds);
  if (itemIds) {
    const found = await findItemIds(actor.trx, actor.tenantId, itemIds);
    const unknown = itemIds.filter((id) => !found.has(id));
    if (unknown.length > 0) throw new CommandRejection(ErrorCode.NotFound, `There is no item ${listed(unknown)}.`);
  }
  const session = await insertSession(actor.trx, {
    tenant_id: actor.tenantId, id: args.sessionId, site_id: actor.siteId, name: args.name, kind: args.kind, blind: args.blind,
    location_ids: JSON.stringify(locationIds), item_ids: itemIds === null ? null : JSON.stringify(itemIds),
    tolerance_qty_pct: args.toleranceQtyPct, tolerance_value_minor: args.toleranceValueMinor,
    currency: await readTenantCurrency(actor.trx, actor.tenantId), counters: JSON.stringify(unique(args.counters)),
    status: 'draft', created_by: args.by, created_at: new Date(),
  });
  if (!session) return [];
  await write.write([countSessionRow(session)]);
  return [scope];
}

/** Starts counting: freezes the expected quantity of every location and item at server time. */
export async function startSession(actor: CountingActor, args: CommandArgs<typeof startCountSession>): Promise<string[]> {
  const { session, scope, write } = await openSession(actor, args.sessionId);
  if (session.status === 'counting') return [];
  if (session.status !== 'draft') reject(`${describeStatus(session)}; only a draft session can be started.`);
  const started = await updateSession(actor.trx, actor.tenantId, session.id, { status: 'counting', started_at: new Date() });
  const expected = session.item_ids === null
    ? await freezeFullCount(actor.trx, actor.tenantId, session.id, session.location_ids)
    : await freezeCycleCount(actor.trx, actor.tenantId, session.id, session.location_ids, session.item_ids);
  await write.write([countSessionRow(started), ...expected.map(countExpectedRow)]);
  return [scope];
}

export async function submitSession(actor: CountingActor, args: CommandArgs<typeof submitCountSession>): Promise<string[]> {
  const { session, scope, write } = await openSession(actor, args.sessionId);
  if (session.status === 'submitted') return [];
  if (session.status !== 'counting') reject(`${describeStatus(session)}; only a session being counted can be submitted.`);
  const submitted = await updateSession(actor.trx, actor.tenantId, session.id, { status: 'submitted', submitted_at: new Date() });
  await write.write([countSessionRow(submitted)]);
  return [scope];
}

export async function cancelSession(actor: CountingActor, args: CommandArgs<typeof cancelCountSession>): Promise<string[]> {
  const { session, scope, write } = await openSession(actor, args.sessionId);
  if (session.status === 'cancelled') return [];
  if (session.status === 'approved') reject(`${describeStatus(session)}; an approved session cannot be cancelled.`);
  const cancelled = await updateSession(actor.trx, actor.tenantId, session.id, { status: 'cancelled', cancelled_at: new Date(), cancel_reason: args.reason });
  await write.write([countSessionRow(cancelled)]);
  return [scope];
}

/**
 * Sends a submitted session back to counting for the listed rows. Each gets the next round, and
 * the counters of its earlier rounds may not count it again. Asking again for a row whose recount
 * has no lines yet keeps its round.
 */
export async function requestSessionRecount(actor: CountingActor, args: CommandArgs<typeof requestRecount>): Promise<string[]> {
  const { session, scope, write } = await openSession(actor, args.sessionId);
  if (session.status !== 'submitted') reject(`${describeStatus(session)}; recounts are requested on a submitted session.`);
  const key = (locationId: string, itemId: string) => `${locationId}|${itemId}`;
  const requested = new Map(args.lines.map((l) => [key(l.locationId, l.itemId), l]));
  const expected = new Set((await listSessionExpected(actor.trx, actor.tenantId, session.id)).map((e) => key(e.location_id, e.item_id)));
  const counted = new Map<string, { counter: string; round: number }[]>();
  for (const c of await listRowCounters(actor.trx, actor.tenantId, session.id)) {
    const k = key(c.location_id, c.item_id);
    const list = counted.get(k);
    if (list) list.push(c);
    else counted.set(k, [c]);
  }
  const outside = [...requested.entries()].filter(([k, l]) => !session.location_ids.includes(l.locationId) || (!expected.has(k) && !counted.has(k)));
  if (outside.length > 0) {
    const labels = await readLabels(actor.trx, actor.tenantId, outside.map(([, l]) => l.locationId), outside.map(([, l]) => l.itemId));
    const names = outside.map(([, l]) => `${labels.items.get(l.itemId) ?? l.itemId} at ${labels.locations.get(l.locationId) ?? l.locationId}`);
    reject(`Nothing was expected or counted for ${listed(names)} in session ${session.name}, so there is nothing to recount.`);
  }
  const requestedAt = new Date().toISOString();
  const recounts = new Map(session.recounts.map((r) => [key(r.locationId, r.itemId), r]));
  for (const [k, { locationId, itemId }] of requested) {
    const lines = counted.get(k) ?? [];
    const lineRound = Math.max(0, ...lines.map((l) => l.round));
    const current = recounts.get(k);
    const round = current && current.round > lineRound ? current.round : Math.max(2, lineRound + 1);
    const earlier = lines.filter((l) => l.round < round).map((l) => l.counter);
    const excludedCounters = unique([...(current?.excludedCounters ?? []), ...earlier]).sort();
    const recount: CountRecount = { locationId, itemId, round, excludedCounters, requestedBy: args.by, requestedAt };
    recounts.set(k, recount);
  }
  const updated = await updateSession(actor.trx, actor.tenantId, session.id, {
    status: 'counting', submitted_at: null, recounts: JSON.stringify([...recounts.values()]),
  });
  await write.write([countSessionRow(updated)]);
  return [scope];
}

