import { createHash } from 'node:crypto';

// The hash chain of the audit log, kept pure so it is tested without a database. Each tenant has
// its own chain: an entry's hash covers its content and the previous entry's hash, so editing,
// deleting or reordering any entry breaks every link after it.

/** The prevHash of a tenant's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry says; the hash covers exactly these fields. */
export interface AuditContent {
  /** bigint in the database: a decimal string, so no precision is lost. */
  seq: string;
  tenantId: string;
  at: Date;
  actorUserId: string | null;
  actorDeviceId: string | null;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
}

export interface AuditEntry extends AuditContent {
  prevHash: string;
  hash: string;
}

/** The tenant's head row: how many entries were appended, and the newest one's seq and hash. */
export interface AuditHead {
  count: number;
  lastSeq: string;
  lastHash: string;
}

export type ChainProblem = 'edited' | 'deleted-before' | 'reordered' | 'deleted-newest' | 'unanchored';

export type ChainVerdict =
  | { ok: true; count: number; lastHash: string }
  | { ok: false; seq: string; problem: ChainProblem; message: string };

/** Sorted keys at every depth, `at` as ISO 8601: the same bytes whatever order jsonb returns keys in. */
export function canonicalJson(entry: AuditContent): string {
  const { seq, tenantId, at, actorUserId, actorDeviceId, action, subject, details } = entry;
  return JSON.stringify({ seq, tenantId, at: at.toISOString(), actorUserId, actorDeviceId, action, subject, details }, sortKeys);
}

function sortKeys(_key: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function hashEntry(prevHash: string, entry: AuditContent): string {
  return createHash('sha256').update(prevHash + canonicalJson(entry)).digest('hex');
}

/** The entry that follows `prevHash` (GENESIS_HASH for a tenant's first). */
export function linkEntry(prevHash: string, content: AuditContent): AuditEntry {
  return { ...content, prevHash, hash: hashEntry(prevHash, content) };
}

/**
 * Checks one tenant's entries, in seq order as stored, and names the first bad one. Given the
 * tenant's head, it also catches deleted newest entries, which leave a shorter chain that still
 * links. A null head means the tenant never appended: any entry then was inserted around the log.
 */
export function verifyChain(entries: readonly AuditEntry[], head?: AuditHead | null): ChainVerdict {
  const position = new Map(entries.map((e, i) => [e.hash, i]));
  let prevHash = GENESIS_HASH;
  let prevSeq: bigint | null = null;
  for (const [i, entry] of entries.entries()) {
    const seq = BigInt(entry.seq);
    const after = prevSeq === null ? 'the start of the chain' : `seq ${prevSeq}`;
    if (prevSeq !== null && seq <= prevSeq) {
      return bad(entry, 'reordered', `comes after ${after} but has a lower or equal seq`);
    }
    if (entry.prevHash !== prevHash) {
      const linked = position.get(entry.prevHash);
      if (linked !== undefined && linked !== i - 1) {
        return bad(entry, 'reordered', `follows seq ${entries[linked]!.seq} in the chain but sits after ${after}`);
      }
      return bad(entry, 'deleted-before', `does not follow ${after}: an entry between them was deleted, or ${after} was rewritten`);
    }
    if (hashEntry(entry.prevHash, entry) !== entry.hash) {
      return bad(entry, 'edited', 'its content no longer matches its hash: it was edited after it was written');
    }
    prevHash = entry.hash;
    prevSeq = seq;
  }
  if (head !== undefined) {
    const problem = compareHead(entries, head);
    if (problem) return problem;
  }
  return { ok: true, count: entries.length, lastHash: prevHash };
}

function compareHead(entries: readonly AuditEntry[], head: AuditHead | null): ChainVerdict | null {
  const last = entries.at(-1);
  if (head === null) {
    return last ? bad(entries[0]!, 'unanchored', 'the tenant has no head: its entries were not written through appendAudit') : null;
  }
  const headSeq = BigInt(head.lastSeq);
  if (!last || BigInt(last.seq) < headSeq || entries.length < head.count) {
    const from = last ? `after seq ${last.seq}` : 'from the start';
    return {
      ok: false, seq: head.lastSeq, problem: 'deleted-newest',
      message: `seq ${head.lastSeq} (deleted-newest): the head records ${head.count} entries up to seq ${head.lastSeq}, but entries ${from} are missing`,
    };
  }
  const beyond = entries.find((e) => BigInt(e.seq) > headSeq);
  if (beyond) return bad(beyond, 'unanchored', `it is newer than the head (seq ${head.lastSeq}): it was inserted around appendAudit`);
  if (last.hash !== head.lastHash || entries.length !== head.count) {
    return bad(last, 'edited', `the head records ${head.count} entries ending in another hash: the chain was rewritten`);
  }
  return null;
}

function bad(entry: AuditEntry, problem: ChainProblem, why: string): ChainVerdict {
  return { ok: false, seq: entry.seq, problem, message: `seq ${entry.seq} (${problem}): ${why}` };
}
