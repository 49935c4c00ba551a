import type { Kysely } from 'kysely';
import { scenarioSchema, type Scenario } from '@capliquify/shared/finance/index';
import type { ReplicaDatabase } from './replica.schema';

type Db = Kysely<ReplicaDatabase>;

// Working-capital scenarios on this station: copies of the ones saved on the server (as of the
// last list online) and the ones saved here while the server could not take them.

export type ScenarioOrigin = 'server' | 'local';

export interface StoredScenario {
  id: string;
  name: string;
  scenario: Scenario;
  origin: ScenarioOrigin;
  /** Why a local scenario is not on the server (offline, a refusal); null for server copies. */
  note: string | null;
  updatedAt: string;
}

function toStored(row: { id: string; name: string; data: string; origin: string; note: string | null; updated_at: string }): StoredScenario | null {
  const parsed = scenarioSchema.safeParse(JSON.parse(row.data));
  // Written by this core through the same schema; one that no longer parses is not offered.
  if (!parsed.success) return null;
  return { id: row.id, name: row.name, scenario: parsed.data, origin: row.origin === 'server' ? 'server' : 'local', note: row.note, updatedAt: row.updated_at };
}

export async function listStoredScenarios(db: Db): Promise<StoredScenario[]> {
  const rows = await db.selectFrom('finance_scenarios').selectAll().orderBy('name').orderBy('id').execute();
  return rows.flatMap((r) => toStored(r) ?? []);
}

export async function findStoredScenario(db: Db, id: string): Promise<StoredScenario | null> {
  const row = await db.selectFrom('finance_scenarios').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStored(row) : null;
}

export async function putStoredScenario(db: Db, s: StoredScenario): Promise<void> {
  const row = { id: s.id, name: s.name, data: JSON.stringify(s.scenario), origin: s.origin, note: s.note, updated_at: s.updatedAt };
  await db.insertInto('finance_scenarios').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
}

export async function deleteStoredScenario(db: Db, id: string): Promise<void> {
  await db.deleteFrom('finance_scenarios').where('id', '=', id).execute();
}

/** The server's list replaces every server copy; local ones stay. */
export async function replaceServerScenarios(db: Db, scenarios: readonly StoredScenario[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('finance_scenarios').where('origin', '=', 'server').execute();
    for (const s of scenarios) {
      const row = { id: s.id, name: s.name, data: JSON.stringify(s.scenario), origin: 'server', note: null, updated_at: s.updatedAt };
      await trx.insertInto('finance_scenarios').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
    }
  });
}
