import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@capliquify/shared';
import { compareScenarios, computeRatios, scenarioSchema, type Costing, type Scenario, type ScenarioInput, type ScenarioProjection } from '@capliquify/shared/finance/index';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { AppError, badRequest, notFound } from '../../errors/app.error';
import { loadFinance } from './finance-book.service';
import { deleteScenarioRow, findScenarioByName, insertScenario, listScenarioRows, updateScenario, type ScenarioRow } from './finance-scenarios.repo';

// Saved working-capital scenarios (one name per tenant) and running them against the figures of
// a period, side by side. The projection is the shared engine's.

export interface SavedScenario {
  id: string;
  name: string;
  scenario: Scenario;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** At most this many scenarios compared at once: the side-by-side view has no room for more. */
export const MAX_SCENARIOS_RUN = 10;

function saved(row: ScenarioRow): SavedScenario {
  // Stored through the same schema, so a row always parses; a hand-edited one is reported, not guessed at.
  const scenario = scenarioSchema.safeParse(row.scenario);
  if (!scenario.success) throw new AppError(ErrorCode.Internal, `Saved scenario ${row.id} is not a valid scenario.`);
  return { id: row.id, name: row.name, scenario: scenario.data, createdBy: row.created_by, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

export async function listScenarios(db: Kysely<Database>, tenantId: string): Promise<SavedScenario[]> {
  return (await listScenarioRows(db, tenantId)).map(saved);
}

const taken = (name: string) => new AppError(ErrorCode.Conflict, `A scenario called "${name}" already exists; choose another name or open that one.`);

/** Saves a new scenario, or replaces the one named by `id`; names are unique per tenant. */
export async function saveScenario(db: Kysely<Database>, tenantId: string, userId: string, input: { id?: string; scenario: ScenarioInput }): Promise<SavedScenario> {
  const parsed = scenarioSchema.safeParse(input.scenario);
  if (!parsed.success) throw badRequest(`The scenario is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'scenario'}: ${i.message}`).join('; ')}.`);
  const scenario = parsed.data;
  try {
    return await db.transaction().execute(async (trx) => {
      const same = await findScenarioByName(trx, tenantId, scenario.name);
      if (same && same.id !== input.id) throw taken(scenario.name);
      if (input.id === undefined) return saved(await insertScenario(trx, { id: `fsc_${randomUUID()}`, tenantId, name: scenario.name, scenario, createdBy: userId }));
      const row = await updateScenario(trx, tenantId, input.id, { name: scenario.name, scenario });
      if (!row) throw notFound(`No scenario "${input.id}".`);
      return saved(row);
    });
  } catch (error) {
    // Two people saving the same new name at once: the unique index decides, the loser is told.
    if ((error as { code?: unknown }).code === '23505') throw taken(scenario.name);
    throw error;
  }
}

export async function deleteScenario(db: Kysely<Database>, tenantId: string, id: string): Promise<{ id: string; deleted: true }> {
  if (!(await deleteScenarioRow(db, tenantId, id))) throw notFound(`No scenario "${id}".`);
  return { id, deleted: true };
}

export interface RunScenariosRequest {
  /** Saved scenarios to run, in this order. */
  scenarioIds?: string[];
  /** Unsaved ones (being edited), after the saved ones. */
  scenarios?: ScenarioInput[];
  endOn?: string;
  periodDays: number;
  costing?: Costing;
}

/** Each scenario's projected DSO, DPO, DIO, CCC and cash released against the period's baseline. */
export async function runScenarios(db: Kysely<Database>, tenantId: string, request: RunScenariosRequest): Promise<{ endOn: string; periodDays: number; projections: ScenarioProjection[] }> {
  const ids = request.scenarioIds ?? [];
  const rows = new Map((await listScenarioRows(db, tenantId, ids)).map((r) => [r.id, r]));
  const missing = ids.filter((id) => !rows.has(id));
  if (missing.length > 0) throw notFound(`No scenario ${missing.map((id) => `"${id}"`).join(', ')}.`);
  const scenarios = [...ids.map((id) => saved(rows.get(id)!).scenario), ...(request.scenarios ?? []).map((s) => scenarioSchema.parse(s))];
  if (scenarios.length === 0) throw badRequest('Name at least one scenario to run.');
  if (scenarios.length > MAX_SCENARIOS_RUN) throw badRequest(`At most ${MAX_SCENARIOS_RUN} scenarios are compared at once.`);
  const finance = await loadFinance(db, tenantId);
  const endOn = request.endOn ?? new Date().toISOString().slice(0, 10);
  try {
    const { snapshot } = computeRatios(finance.book, { endOn, periodDays: request.periodDays, costing: request.costing });
    return { endOn: snapshot.endOn, periodDays: snapshot.periodDays, projections: compareScenarios(finance.book, snapshot, scenarios) };
  } catch (error) {
    if (error instanceof RangeError) throw badRequest(error.message);
    throw error;
  }
}
