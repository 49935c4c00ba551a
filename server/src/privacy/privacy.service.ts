import type { Kysely } from 'kysely';
import { listEntriesForPerson } from '../audit/audit.repo';
import { appendAudit } from '../audit/audit.service';
import type { Database } from '../db/schema';
import { notFound } from '../errors/app.error';
import type { PokeBus } from '../sync/poke-bus';
import { replicateChanges } from '../sync/replication.service';
import { siteScope } from '../sync/scopes';
import { countLineRow, countSessionRow } from '../sync/sync-documents';
import type { SyncRowWrite } from '../sync/sync-rows.repo';
import { describeCountAudit, describeRejection, describeSignIn, describeUser, exportLine, exportSession, type PersonExport } from './person-export';
import { ERASED_NAME, nameMatcher, personNames, replaceInJson, replaceInList, replaceInText, type NameMatcher } from './person-names';
import {
  eraseLineNames, findCountAuditNaming, findLinesNaming, findRejectionsNaming, findSessionsNaming, sessionSites,
  updateCountAuditPeople, updateRejectionText, updateSessionPeople, type SessionRecord,
} from './person-records.repo';
import { anonymiseUser, listRoleGrants, listSignIns, lockUser, readUser, revokeSignIns } from './privacy.repo';
import { findSchedulesOfPerson, removeRecipient } from './report-recipients.repo';

export type { PersonExport } from './person-export';

/**
 * Everything held about one person (GDPR access): their account without secrets, role grants,
 * sign-ins with their devices, audit entries they wrote or that are about them, and the counting
 * and sync records that carry their name, e-mail or id (other people in those records appear as
 * 'another person'), and the scheduled reports mailed to them or made by them. Counting records name people as typed at the station, so a namesake's
 * records appear too; `counting.matchedNames` says what was matched.
 */
export async function exportPerson(db: Kysely<Database>, tenantId: string, userId: string): Promise<PersonExport> {
  const user = await readUser(db, tenantId, userId);
  if (!user) throw notFound(`No person "${userId}" in this tenant.`);
  const names = personNames(user);
  const isName = nameMatcher(names);
  const [grants, signIns, audit, sessions, lines, approvals, rejections, schedules] = await Promise.all([
    listRoleGrants(db, tenantId, userId), listSignIns(db, tenantId, userId), listEntriesForPerson(db, tenantId, userId),
    findSessionsNaming(db, tenantId, names), findLinesNaming(db, tenantId, names), findCountAuditNaming(db, tenantId, names),
    findRejectionsNaming(db, tenantId, names), findSchedulesOfPerson(db, tenantId, user),
  ]);
  return {
    format: 'capliquify.person-export.v1',
    exportedAt: new Date().toISOString(),
    tenantId,
    person: describeUser(user),
    roleGrants: grants.map((g) => ({ id: g.id, siteId: g.site_id, role: g.role, grantedAt: g.granted_at.toISOString(), grantedBy: g.granted_by })),
    signIns: signIns.map(describeSignIn),
    auditEntries: audit.map((e) => ({ ...e, at: e.at.toISOString() })),
    counting: {
      matchedNames: names,
      sessions: sessions.map((s) => exportSession(s, isName)),
      lines: lines.map((l) => exportLine(l, isName)),
      approvals: approvals.map((a) => describeCountAudit(a, isName)),
    },
    rejectedCommands: rejections.map(describeRejection),
    // Their own address only: the other recipients are other people's.
    reportSchedules: schedules.map(({ recipients: _others, ...s }) => s),
  };
}

export interface ErasureReport {
  userId: string;
  /** True when the person was already erased: nothing changed and no audit entry was written. */
  alreadyErased: boolean;
  signInsRevoked: number;
  countSessions: number;
  countLines: number;
  countAuditRows: number;
  rejectedCommands: number;
  /** Scheduled reports their address was taken off (switched off when nobody else was on them). */
  reportSchedules: number;
}

/**
 * Erases a person (GDPR erasure) in one transaction: anonymises their account (keeping its id),
 * revokes every sign-in, replaces their name in counting and sync records with 'Erased person'
 * (the replicated copies too, so stations receive it), takes their address off scheduled reports,
 * and appends `person.erased` with counts and
 * ids only. Ledger rows, count quantities and the audit chain stay as they are: audit entries hold
 * ids, never names, so the chain still verifies. Erasing an erased person changes nothing.
 */
export async function erasePerson(
  db: Kysely<Database>, tenantId: string, userId: string, byUserId: string | null, options: { bus?: PokeBus } = {},
): Promise<ErasureReport> {
  const { report, scopes } = await db.transaction().execute(async (trx) => {
    const user = await lockUser(trx, tenantId, userId);
    if (!user) throw notFound(`No person "${userId}" in this tenant.`);
    const none: ErasureReport = { userId, alreadyErased: true, signInsRevoked: 0, countSessions: 0, countLines: 0, countAuditRows: 0, rejectedCommands: 0, reportSchedules: 0 };
    if (user.erased_at) return { report: none, scopes: [] };
    const names = personNames(user);
    const isName = nameMatcher(names);
    const at = new Date();

    const bySite = new Map<string, SyncRowWrite[]>();
    const replicate = (siteId: string, row: SyncRowWrite) => bySite.set(siteId, [...(bySite.get(siteId) ?? []), row]);
    const sessions = await findSessionsNaming(trx, tenantId, names);
    for (const session of sessions) {
      replicate(session.site_id, countSessionRow(await updateSessionPeople(trx, tenantId, session.id, erasedPeople(session, isName))));
    }
    const lines = await eraseLineNames(trx, tenantId, names);
    const sites = await sessionSites(trx, tenantId, [...new Set(lines.map((l) => l.session_id))]);
    for (const line of lines) replicate(sites.get(line.session_id)!, countLineRow(line));
    const approvals = await findCountAuditNaming(trx, tenantId, names);
    for (const a of approvals) {
      await updateCountAuditPeople(trx, a.id, { approvedBy: isName(a.approved_by) ? ERASED_NAME : a.approved_by, counters: replaceInList(a.counters, isName) });
    }
    const rejections = await findRejectionsNaming(trx, tenantId, names);
    for (const r of rejections) await updateRejectionText(trx, r.id, { args: replaceInJson(r.args, isName), reason: replaceInText(r.reason, names) });
    for (const [siteId, rows] of bySite) await replicateChanges(trx, tenantId, siteScope(siteId), rows);
    const mailed = (await findSchedulesOfPerson(trx, tenantId, user)).filter((s) => s.roles.includes('recipient'));
    for (const schedule of mailed) await removeRecipient(trx, tenantId, schedule, user.email);

    await anonymiseUser(trx, tenantId, userId, at);
    const signInsRevoked = await revokeSignIns(trx, tenantId, userId, at);
    const report: ErasureReport = {
      userId, alreadyErased: false, signInsRevoked, countSessions: sessions.length, countLines: lines.length,
      countAuditRows: approvals.length, rejectedCommands: rejections.length, reportSchedules: mailed.length,
    };
    const { userId: _subject, alreadyErased: _erased, ...counts } = report;
    await appendAudit(trx, { tenantId, actorUserId: byUserId, action: 'person.erased', subject: `user:${userId}`, details: counts });
    return { report, scopes: [...bySite.keys()].map(siteScope) };
  });
  // After commit, so stations pull the anonymised rows now; a lost poke only waits for their next poll.
  if (scopes.length > 0) await options.bus?.publish({ tenantId, scopes }).catch(() => undefined);
  return report;
}

function erasedPeople(session: SessionRecord, isName: NameMatcher): Pick<SessionRecord, 'created_by' | 'approved_by' | 'counters' | 'recounts'> {
  const erase = (name: string) => (isName(name) ? ERASED_NAME : name);
  return {
    created_by: erase(session.created_by),
    approved_by: session.approved_by === null ? null : erase(session.approved_by),
    counters: replaceInList(session.counters, isName),
    recounts: session.recounts.map((r) => ({ ...r, requestedBy: erase(r.requestedBy), excludedCounters: replaceInList(r.excludedCounters, isName) })),
  };
}
