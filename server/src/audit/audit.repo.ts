import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema';
import type { AuditEntry, AuditHead } from './audit-chain';

type Db = Kysely<Database> | Transaction<Database>;

// Advisory locks are one namespace per database: the first key keeps ours apart from anyone else's.
const AUDIT_LOCK_NAMESPACE = 0x41554454; // "AUDT"

/** Serialises appends to one tenant's chain until the transaction ends. */
export async function lockTenantChain(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_NAMESPACE}::int4, hashtext(${tenantId}))`.execute(trx);
}

/** Taken under the tenant's lock, so one tenant's seqs grow in chain order (other tenants interleave). */
export async function nextAuditSeq(trx: Transaction<Database>): Promise<string> {
  const { rows } = await sql<{ seq: string }>`select nextval(pg_get_serial_sequence('audit_log', 'seq'))::text as seq`.execute(trx);
  return rows[0]!.seq;
}

export async function readAuditHead(db: Db, tenantId: string): Promise<AuditHead | null> {
  const row = await db.selectFrom('audit_heads').select(['count', 'last_seq', 'last_hash']).where('tenant_id', '=', tenantId).executeTakeFirst();
  return row ? { count: Number(row.count), lastSeq: row.last_seq, lastHash: row.last_hash } : null;
}

export async function insertAuditEntry(trx: Transaction<Database>, entry: AuditEntry, head: AuditHead): Promise<void> {
  await trx.insertInto('audit_log').values({
    seq: entry.seq, tenant_id: entry.tenantId, at: entry.at, actor_user_id: entry.actorUserId, actor_device_id: entry.actorDeviceId,
    action: entry.action, subject: entry.subject, details: JSON.stringify(entry.details), prev_hash: entry.prevHash, hash: entry.hash,
  }).execute();
  await trx.insertInto('audit_heads')
    .values({ tenant_id: entry.tenantId, count: head.count, last_seq: head.lastSeq, last_hash: head.lastHash, updated_at: entry.at })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet((eb) => ({
      count: eb.ref('excluded.count'), last_seq: eb.ref('excluded.last_seq'), last_hash: eb.ref('excluded.last_hash'), updated_at: eb.ref('excluded.updated_at'),
    })))
    .execute();
}

/** One tenant's whole chain, in order. */
export async function listTenantChain(db: Db, tenantId: string): Promise<AuditEntry[]> {
  const rows = await db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).orderBy('seq').execute();
  return rows.map(toEntry);
}

/** Tenants with entries or a head: a tenant whose every entry was deleted still has its head. */
export async function listAuditedTenants(db: Db): Promise<string[]> {
  const { rows } = await sql<{ tenant_id: string }>`
    select tenant_id from audit_log union select tenant_id from audit_heads order by tenant_id`.execute(db);
  return rows.map((r) => r.tenant_id);
}

/** Newest first. */
export async function listRecentEntries(db: Db, options: { tenantId?: string; limit: number }): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(options.limit);
  if (options.tenantId) query = query.where('tenant_id', '=', options.tenantId);
  return (await query.execute()).map(toEntry);
}

/** Every entry a person wrote or that is about them (subject `user:<id>`), oldest first. */
export async function listEntriesForPerson(db: Db, tenantId: string, userId: string): Promise<AuditEntry[]> {
  const rows = await db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('actor_user_id', '=', userId), eb('subject', '=', `user:${userId}`)])).orderBy('seq').execute();
  return rows.map(toEntry);
}

function toEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    seq: row.seq, tenantId: row.tenant_id, at: row.at, actorUserId: row.actor_user_id, actorDeviceId: row.actor_device_id,
    action: row.action, subject: row.subject, details: row.details, prevHash: row.prev_hash, hash: row.hash,
  };
}
