import type { CountLine, CountSession } from '@capliquify/shared';
import type { AuditEntry } from '../audit/audit-chain';
import { countLineRow, countSessionRow } from '../sync/sync-documents';
import type { NameMatcher } from './person-names';
import type { CountAuditRecord, LineRecord, RejectionRecord, SessionRecord } from './person-records.repo';
import type { listSignIns, UserRecord } from './privacy.repo';

// The shape of the GDPR export. Records shared with colleagues (a session two people counted)
// show the person's own name and OTHER_PERSON for everyone else: one person's export carries
// nothing about another.

export const OTHER_PERSON = 'another person';

/** The GDPR export document: one JSON file a person can read and take elsewhere. */
export interface PersonExport {
  format: 'capliquify.person-export.v1';
  exportedAt: string;
  tenantId: string;
  /** The account, without its password hash or TOTP secret. */
  person: ReturnType<typeof describeUser>;
  roleGrants: { id: string; siteId: string | null; role: string; grantedAt: string; grantedBy: string | null }[];
  signIns: ReturnType<typeof describeSignIn>[];
  /** Entries they wrote, and entries about them. */
  auditEntries: (Omit<AuditEntry, 'at'> & { at: string })[];
  counting: {
    /** The id, e-mail and display name searched for in counting records (ignoring case). */
    matchedNames: string[];
    sessions: { roles: string[]; session: CountSession }[];
    lines: { roles: string[]; line: CountLine; voidedBy: string | null }[];
    approvals: ReturnType<typeof describeCountAudit>[];
  };
  rejectedCommands: ReturnType<typeof describeRejection>[];
  /** Scheduled finance reports mailed to their address, or that they created. */
  reportSchedules: { id: string; name: string; cadence: string; delivery: string; enabled: boolean; roles: string[] }[];
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function ownOnly(isName: NameMatcher): (name: string) => string {
  return (name) => (isName(name) ? name : OTHER_PERSON);
}

export function describeUser(u: UserRecord) {
  return {
    id: u.id, email: u.email, displayName: u.display_name, provider: u.provider, externalId: u.external_id,
    hasPassword: u.password_hash !== null, totpEnabled: u.totp_enabled, failedAttempts: u.failed_attempts,
    lockedUntil: iso(u.locked_until), createdAt: u.created_at.toISOString(), removedAt: iso(u.removed_at), erasedAt: iso(u.erased_at),
  };
}

export function describeSignIn(s: Awaited<ReturnType<typeof listSignIns>>[number]) {
  return {
    id: s.id, mfa: s.mfa, createdAt: s.created_at.toISOString(), expiresAt: s.expires_at.toISOString(), revokedAt: iso(s.revoked_at),
    device: s.device_id === null ? null : { id: s.device_id, name: s.device_name, siteId: s.device_site_id },
  };
}

/** The session as stations see it, with where in it the person appears. */
export function exportSession(s: SessionRecord, isName: NameMatcher): PersonExport['counting']['sessions'][number] {
  const roles: string[] = [];
  if (isName(s.created_by)) roles.push('created_by');
  if (s.approved_by !== null && isName(s.approved_by)) roles.push('approved_by');
  if (s.counters.some(isName)) roles.push('assigned_counter');
  if (s.recounts.some((r) => isName(r.requestedBy))) roles.push('recount_requested_by');
  if (s.recounts.some((r) => r.excludedCounters.some(isName))) roles.push('recount_excluded');
  const own = ownOnly(isName);
  const doc = countSessionRow(s).data as CountSession;
  const session: CountSession = {
    ...doc, createdBy: own(doc.createdBy), approvedBy: doc.approvedBy === null ? null : own(doc.approvedBy), counters: [...new Set(doc.counters.map(own))],
    recounts: doc.recounts.map((r) => ({ ...r, requestedBy: own(r.requestedBy), excludedCounters: [...new Set(r.excludedCounters.map(own))] })),
  };
  return { roles, session };
}

export function exportLine(l: LineRecord, isName: NameMatcher): PersonExport['counting']['lines'][number] {
  const roles = [...(isName(l.counter) ? ['counter'] : []), ...(l.voided_by !== null && isName(l.voided_by) ? ['voided_by'] : [])];
  const own = ownOnly(isName);
  const line = countLineRow(l).data as CountLine;
  return { roles, line: { ...line, counter: own(line.counter) }, voidedBy: l.voided_by === null ? null : own(l.voided_by) };
}

export function describeCountAudit(a: CountAuditRecord, isName: NameMatcher) {
  const own = ownOnly(isName);
  return {
    roles: [...(isName(a.approved_by) ? ['approved_by'] : []), ...(a.counters.some(isName) ? ['counter'] : [])],
    sessionId: a.session_id, locationId: a.location_id, itemId: a.item_id, counters: [...new Set(a.counters.map(own))], countedAt: iso(a.counted_at),
    expectedAtCount: Number(a.expected_at_count), counted: a.counted === null ? null : Number(a.counted), adjustment: Number(a.adjustment),
    movementId: a.movement_id, approvedBy: own(a.approved_by), approvedAt: a.approved_at.toISOString(),
  };
}

export function describeRejection(r: RejectionRecord) {
  return { command: r.name, deviceId: r.device_id, code: r.code, reason: r.reason, args: r.args, at: r.created_at.toISOString() };
}
