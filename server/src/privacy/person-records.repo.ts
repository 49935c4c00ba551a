import { sql, type Expression, type Kysely, type RawBuilder, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { CountAuditTable, CountLinesTable, CountSessionsTable, Database, SyncRejectionsTable } from '../db/schema';
import { ERASED_NAME, nameKey } from './person-names';

// Where counting and sync records name a person (by a typed or display name, or an id). A value
// matches when it equals one of the names ignoring case and surrounding spaces, as counting
// compares names (nameKey in person-names.ts). Every query is scoped to the tenant; `names` is never empty.

type Db = Kysely<Database> | Transaction<Database>;
export type SessionRecord = Selectable<CountSessionsTable>;
export type LineRecord = Selectable<CountLinesTable>;
export type CountAuditRecord = Selectable<CountAuditTable>;
export type RejectionRecord = Selectable<SyncRejectionsTable>;

const keys = (names: readonly string[]) => sql`array[${sql.join(names.map(nameKey))}]::text[]`;

/** A text column (or expression) holding one of the names. */
function isName(value: RawBuilder<unknown>, names: readonly string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`lower(btrim(${value})) = any(${keys(names)})`;
}
const column = (name: string) => sql`${sql.ref(name)}`;

/** A jsonb array of strings holding one of the names. */
function arrayHolds(name: string, names: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from jsonb_array_elements_text(${sql.ref(name)}) c where ${isName(sql`c`, names)})`;
}

export async function findSessionsNaming(db: Db, tenantId: string, names: readonly string[]): Promise<SessionRecord[]> {
  return db.selectFrom('count_sessions').selectAll().where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([
      isName(column('created_by'), names), isName(column('approved_by'), names), arrayHolds('counters', names),
      sql<SqlBool>`exists (select 1 from jsonb_array_elements(recounts) r where ${isName(sql`r->>'requestedBy'`, names)}
        or exists (select 1 from jsonb_array_elements_text(r->'excludedCounters') c where ${isName(sql`c`, names)}))`,
    ]))
    .orderBy('created_at').orderBy('id').execute();
}

export async function findLinesNaming(db: Db, tenantId: string, names: readonly string[]): Promise<LineRecord[]> {
  return db.selectFrom('count_lines').selectAll().where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([isName(column('counter'), names), isName(column('voided_by'), names)]))
    .orderBy('counted_at').orderBy('id').execute();
}

export async function findCountAuditNaming(db: Db, tenantId: string, names: readonly string[]): Promise<CountAuditRecord[]> {
  return db.selectFrom('count_audit').selectAll().where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([isName(column('approved_by'), names), arrayHolds('counters', names)]))
    .orderBy('approved_at').orderBy('id').execute();
}

/** Rejected commands whose args hold a name at any depth, or whose reason mentions one. */
export async function findRejectionsNaming(db: Db, tenantId: string, names: readonly string[]): Promise<RejectionRecord[]> {
  return db.selectFrom('sync_rejections').selectAll().where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([
      sql<SqlBool>`exists (select 1 from jsonb_path_query(args, 'lax $.**') v where jsonb_typeof(v) = 'string' and ${isName(sql`v #>> '{}'`, names)})`,
      ...names.map((name) => sql<SqlBool>`strpos(lower(reason), ${nameKey(name)}) > 0`),
    ]))
    .orderBy('created_at').orderBy('id').execute();
}

export async function updateSessionPeople(
  trx: Transaction<Database>, tenantId: string, id: string,
  people: Pick<SessionRecord, 'created_by' | 'approved_by' | 'counters' | 'recounts'>,
): Promise<SessionRecord> {
  return trx.updateTable('count_sessions').set({
    created_by: people.created_by, approved_by: people.approved_by,
    counters: JSON.stringify(people.counters), recounts: JSON.stringify(people.recounts),
  }).where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** One statement for all of a counter's lines (there may be tens of thousands); returns the lines changed. */
export async function eraseLineNames(trx: Transaction<Database>, tenantId: string, names: readonly string[]): Promise<LineRecord[]> {
  return trx.updateTable('count_lines').set({
    counter: sql<string>`case when ${isName(column('counter'), names)} then ${ERASED_NAME} else counter end`,
    voided_by: sql<string | null>`case when ${isName(column('voided_by'), names)} then ${ERASED_NAME} else voided_by end`,
  }).where('tenant_id', '=', tenantId).where((eb) => eb.or([isName(column('counter'), names), isName(column('voided_by'), names)]))
    .returningAll().execute();
}

/** Only who approved and who counted change: quantities, adjustments and movement ids stay as posted. */
export async function updateCountAuditPeople(trx: Transaction<Database>, id: string, people: { approvedBy: string; counters: string[] }): Promise<void> {
  await trx.updateTable('count_audit').set({ approved_by: people.approvedBy, counters: JSON.stringify(people.counters) })
    .where('id', '=', id).execute();
}

export async function updateRejectionText(trx: Transaction<Database>, id: string, change: { args: unknown; reason: string }): Promise<void> {
  await trx.updateTable('sync_rejections').set({ args: change.args === null ? null : JSON.stringify(change.args), reason: change.reason })
    .where('id', '=', id).execute();
}

/** The site of each session, for the scope its replicated rows live in. */
export async function sessionSites(db: Db, tenantId: string, sessionIds: readonly string[]): Promise<Map<string, string>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await db.selectFrom('count_sessions').select(['id', 'site_id']).where('tenant_id', '=', tenantId)
    .where('id', 'in', [...sessionIds]).execute();
  return new Map(rows.map((r) => [r.id, r.site_id]));
}
