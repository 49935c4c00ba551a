import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  approvalBlockers, approveCountSession, cancelCountSession, createCountSession, requestRecount, startCountSession, submitCountSession,
  type CommandArgs, type CountSession, type CountSessionStatus,
} from '@capliquify/shared';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { requireOperatorName } from '../session/current-operator';
import { listSessionExpected, listSessionLines } from './count-rows.repo';
import { countSessionRows, listSessions, stationSiteIds } from './count-session.repo';
import { loadSessionView, requireSession, sessionVariance, type SessionView } from './count-view.service';
import { CountingError, parseOrRefuse } from './counting-error';
import { planRecounts } from './recount-plan';
import { findItemSummaries, findLocations } from './scan-lookup.repo';

/** Where counting commands go: the sync engine's outbox (applied locally at once, pushed later). */
export interface CommandQueue {
  queue(name: string, args: unknown): Promise<Queued>;
}

/** The outbox position of a queued command. */
export interface Queued { mutationId: number }

export interface SessionSummary {
  id: string; name: string; status: CountSessionStatus; kind: CountSession['kind']; blind: boolean; siteId: string;
  locationCount: number; lineCount: number; countedRows: number; expectedRows: number;
  createdAt: string; startedAt: string | null; submittedAt: string | null;
}

export type CreateSessionInput = Omit<CommandArgs<typeof createCountSession>, 'sessionId' | 'by'>;
export interface RecountLine { locationId: string; itemId: string }

const STATUS_WORDS: Record<CountSessionStatus, string> = {
  draft: 'has not started yet', counting: 'is being counted', submitted: 'was submitted', approved: 'was approved', cancelled: 'was cancelled',
};

/** "Session Aisles has not started yet": the start of a refusal. */
export function describeStatus(session: Pick<CountSession, 'name' | 'status'>): string {
  return `Session ${session.name} ${STATUS_WORDS[session.status]}`;
}

function refuseUnless(session: CountSession, status: CountSessionStatus, action: string): void {
  if (session.status !== status) throw new CountingError('BAD_REQUEST', `${describeStatus(session)}; ${action}.`);
}

const listed = (names: string[], max = 10) => (names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`);

/** Count sessions as the manager's screens see them, and the commands that change them. */
export function createCountSessionService(db: Kysely<ReplicaDatabase>, engine: CommandQueue) {
  const send = (command: { name: string; args: z.ZodType }, args: unknown): Promise<Queued> => engine.queue(command.name, parseOrRefuse(command.args, args));

  return {
    async sessions(status?: CountSessionStatus): Promise<{ sessions: SessionSummary[] }> {
      const sessions = await listSessions(db, status);
      const counts = await countSessionRows(db, sessions.map((s) => s.id));
      return {
        sessions: sessions.map((s) => ({
          id: s.id, name: s.name, status: s.status, kind: s.kind, blind: s.blind, siteId: s.siteId, locationCount: s.locationIds.length,
          lineCount: 0, countedRows: 0, expectedRows: 0, ...counts.get(s.id),
          createdAt: s.createdAt, startedAt: s.startedAt, submittedAt: s.submittedAt,
        })),
      };
    },

    session: (sessionId: string): Promise<SessionView> => loadSessionView(db, sessionId),

    async create(input: CreateSessionInput): Promise<{ sessionId: string }> {
      const by = await requireOperatorName(db);
      const args = parseOrRefuse(createCountSession.args, { ...input, sessionId: crypto.randomUUID(), by });
      const sites = await stationSiteIds(db);
      if (sites.length > 0 && !sites.includes(args.siteId)) {
        throw new CountingError('BAD_REQUEST', `This station counts at ${listed(sites)}, not at site ${args.siteId}.`);
      }
      const known = new Map((await findLocations(db, args.locationIds)).map((l) => [l.id, l]));
      const missing = args.locationIds.filter((id) => known.get(id)?.siteId !== args.siteId);
      if (missing.length > 0) throw new CountingError('BAD_REQUEST', `There is no location ${listed([...new Set(missing)])} at site ${args.siteId}.`);
      if (args.itemIds) {
        const items = await findItemSummaries(db, args.itemIds);
        const unknown = args.itemIds.filter((id) => !items.has(id));
        if (unknown.length > 0) throw new CountingError('BAD_REQUEST', `There is no item ${listed([...new Set(unknown)])}.`);
      }
      await engine.queue(createCountSession.name, args);
      return { sessionId: args.sessionId };
    },

    async start(sessionId: string): Promise<Queued> {
      const by = await requireOperatorName(db);
      const session = await requireSession(db, sessionId);
      refuseUnless(session, 'draft', 'only a draft session can be started');
      return send(startCountSession, { sessionId, by });
    },

    async submit(sessionId: string): Promise<Queued> {
      const by = await requireOperatorName(db);
      const session = await requireSession(db, sessionId);
      refuseUnless(session, 'counting', 'only a session being counted can be submitted');
      return send(submitCountSession, { sessionId, by });
    },

    async approve(sessionId: string): Promise<Queued> {
      const by = await requireOperatorName(db);
      const session = await requireSession(db, sessionId);
      refuseUnless(session, 'submitted', 'only a submitted session can be approved');
      const { variance } = await sessionVariance(db, session);
      const blockers = approvalBlockers(variance);
      if (blockers.length > 0) {
        const rows = variance.rows.filter((r) => blockers.includes(r));
        const names = rows.slice(0, 10).map((r) => `${r.sku ?? r.itemId} at ${r.locationCode ?? r.locationId} (${r.status === 'recount_requested' ? 'recount not done yet' : r.counted === null ? 'not counted' : 'needs a recount'})`);
        const more = rows.length > 10 ? ` and ${rows.length - 10} more` : '';
        throw new CountingError('BAD_REQUEST', `Session ${session.name} cannot be approved yet: ${names.join('; ')}${more}.`);
      }
      return send(approveCountSession, { sessionId, by });
    },

    async cancel(sessionId: string, reason: string): Promise<Queued> {
      const by = await requireOperatorName(db);
      const session = await requireSession(db, sessionId);
      if (session.status === 'approved' || session.status === 'cancelled') {
        throw new CountingError('BAD_REQUEST', `${describeStatus(session)}; it cannot be cancelled.`);
      }
      return send(cancelCountSession, { sessionId, reason, by });
    },

    async requestRecount(sessionId: string, lines: RecountLine[]): Promise<Queued> {
      const by = await requireOperatorName(db);
      const args = parseOrRefuse(requestRecount.args, { sessionId, lines, by });
      const session = await requireSession(db, sessionId);
      refuseUnless(session, 'submitted', 'recounts are requested on a submitted session');
      const expectedKeys = new Set((await listSessionExpected(db, session.id)).map((e) => `${e.locationId}|${e.itemId}`));
      const plan = planRecounts(session, expectedKeys, await listSessionLines(db, session.id), args.lines, by, new Date().toISOString());
      if (!plan.ok) {
        const items = await findItemSummaries(db, plan.outside.map((o) => o.itemId));
        const codes = new Map((await findLocations(db, plan.outside.map((o) => o.locationId))).map((l) => [l.id, l.code]));
        const names = plan.outside.map((o) => `${items.get(o.itemId)?.sku ?? o.itemId} at ${codes.get(o.locationId) ?? o.locationId}`);
        throw new CountingError('BAD_REQUEST', `Nothing was expected or counted for ${listed(names)} in session ${session.name}, so there is nothing to recount.`);
      }
      return engine.queue(requestRecount.name, args);
    },
  };
}

export type CountSessionService = ReturnType<typeof createCountSessionService>;
