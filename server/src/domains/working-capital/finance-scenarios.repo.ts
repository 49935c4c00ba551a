import type { Kysely, Selectable, Transaction } from 'kysely';
import type { FinanceScenariosTable } from '../../db/finance.schema';
import type { Database } from '../../db/schema';

type Db = Kysely<Database> | Transaction<Database>;
export type ScenarioRow = Selectable<FinanceScenariosTable>;

export async function listScenarioRows(db: Db, tenantId: string, ids?: readonly string[]): Promise<ScenarioRow[]> {
  return db.selectFrom('finance_scenarios').selectAll().where('tenant_id', '=', tenantId)
    .$if(ids !== undefined, (q) => q.where('id', 'in', ids!.length > 0 ? [...ids!] : ['']))
    .orderBy('name').execute();
}

export async function findScenarioByName(db: Db, tenantId: string, name: string): Promise<ScenarioRow | undefined> {
  return db.selectFrom('finance_scenarios').selectAll().where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
}

export async function insertScenario(db: Db, row: { id: string; tenantId: string; name: string; scenario: unknown; createdBy: string | null }): Promise<ScenarioRow> {
  return db.insertInto('finance_scenarios')
    .values({ id: row.id, tenant_id: row.tenantId, name: row.name, scenario: JSON.stringify(row.scenario), created_by: row.createdBy })
    .returningAll().executeTakeFirstOrThrow();
}

/** The updated row, or undefined when the tenant has no such scenario. */
export async function updateScenario(db: Db, tenantId: string, id: string, change: { name: string; scenario: unknown }): Promise<ScenarioRow | undefined> {
  return db.updateTable('finance_scenarios').set({ name: change.name, scenario: JSON.stringify(change.scenario), updated_at: new Date() })
    .where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteScenarioRow(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('finance_scenarios').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
