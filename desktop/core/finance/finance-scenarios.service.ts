import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { scenarioSchema, type ScenarioInput } from '@capliquify/shared/finance/index';
import { adminCallError, AdminError } from '../admin/admin-error';
import {
  deleteStoredScenario, findStoredScenario, listStoredScenarios, putStoredScenario, replaceServerScenarios, type StoredScenario,
} from '../replica/finance-scenarios.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';
import type { PersonCalls } from '../sync-engine/sync-transport';
import { requireFinanceRight } from './finance-access';
import { FinanceError } from './finance-error';

// Saved scenarios are the finance team's, kept on the server (`workingCapital.scenarios.*`, as the
// person at the station). Offline, or when the server will not take one, a scenario is kept on this
// station and offered to the server again at the next list online; the screen says which is which.

const savedSchema = z.object({ id: z.string(), name: z.string(), scenario: scenarioSchema, updatedAt: z.string() });

export interface ScenarioList {
  scenarios: StoredScenario[];
  /** 'server' when the list was just read from the server, 'station' when it is this station's copy. */
  source: 'server' | 'station';
  /** A sentence for the screen when something could not be done (offline, a refusal). */
  notice: string | null;
}

export interface ScenarioSaved { scenario: StoredScenario; savedTo: 'server' | 'station'; notice: string | null }

export interface FinanceScenariosDeps {
  db: Kysely<ReplicaDatabase>;
  server: PersonCalls;
  accessToken(): Promise<string>;
  now?: () => Date;
}

const KEPT = 'Kept on this station';

export function createFinanceScenarios({ db, server, accessToken, now = () => new Date() }: FinanceScenariosDeps) {
  /** Calls the server as the person; its refusals come back as AdminErrors (OFFLINE, FORBIDDEN, CONFLICT …). */
  const call = async (path: string, type: 'query' | 'mutation', input: unknown): Promise<unknown> => {
    try {
      return await server.callAsPerson({ path, type }, input, await accessToken());
    } catch (error) {
      throw adminCallError(error);
    }
  };
  const fromServer = (answer: unknown): StoredScenario => {
    const s = savedSchema.parse(answer);
    return { id: s.id, name: s.name, scenario: s.scenario, origin: 'server', note: null, updatedAt: s.updatedAt };
  };
  const parse = (input: ScenarioInput) => {
    const parsed = scenarioSchema.safeParse(input);
    if (!parsed.success) throw new FinanceError('BAD_REQUEST', `The scenario is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'scenario'}: ${i.message}`).join('; ')}.`);
    return parsed.data;
  };
  const keptLocally = (error: AdminError) => (error.code === 'OFFLINE'
    ? `${KEPT}: the server is out of reach. It is offered to the server again when the station is online.`
    : `${KEPT}: the server did not take it (${error.message})`);

  /** Local scenarios offered to the server; each that it takes becomes a server copy. */
  async function upload(): Promise<string | null> {
    let notice: string | null = null;
    for (const local of (await listStoredScenarios(db)).filter((s) => s.origin === 'local')) {
      try {
        const saved = fromServer(await call('workingCapital.scenarios.save', 'mutation', { scenario: local.scenario }));
        await deleteStoredScenario(db, local.id);
        await putStoredScenario(db, saved);
      } catch (error) {
        if (!(error instanceof AdminError)) throw error;
        if (error.code === 'OFFLINE') throw error;
        await putStoredScenario(db, { ...local, note: keptLocally(error) });
        notice = `Some scenarios stay on this station only: ${error.message}`;
      }
    }
    return notice;
  }

  return {
    async list(): Promise<ScenarioList> {
      await requireFinanceRight(db);
      try {
        const notice = await upload();
        const answer = z.array(z.unknown()).parse(await call('workingCapital.scenarios.list', 'query', undefined));
        await replaceServerScenarios(db, answer.map(fromServer));
        return { scenarios: await listStoredScenarios(db), source: 'server', notice };
      } catch (error) {
        if (!(error instanceof AdminError)) throw error;
        const notice = error.code === 'OFFLINE'
          ? 'Offline: these are the scenarios this station last saw on the server, and the ones saved here.'
          : `The server’s scenarios could not be read (${error.message}); these are this station’s.`;
        return { scenarios: await listStoredScenarios(db), source: 'station', notice };
      }
    },

    /** Saves on the server when it can; otherwise keeps the scenario here and says why. */
    async save(input: { id?: string; scenario: ScenarioInput }): Promise<ScenarioSaved> {
      await requireFinanceRight(db);
      const scenario = parse(input.scenario);
      const existing = input.id === undefined ? null : await findStoredScenario(db, input.id);
      if (input.id !== undefined && !existing) throw new FinanceError('NOT_FOUND', `No scenario "${input.id}" on this station.`);
      const clash = (await listStoredScenarios(db)).find((s) => s.name === scenario.name && s.id !== input.id);
      if (clash) throw new FinanceError('CONFLICT', `A scenario called "${scenario.name}" already exists; choose another name or open that one.`);
      try {
        const saved = fromServer(await call('workingCapital.scenarios.save', 'mutation', {
          ...(existing?.origin === 'server' ? { id: existing.id } : {}), scenario,
        }));
        if (existing && existing.id !== saved.id) await deleteStoredScenario(db, existing.id);
        await putStoredScenario(db, saved);
        return { scenario: saved, savedTo: 'server', notice: null };
      } catch (error) {
        if (!(error instanceof AdminError)) throw error;
        if (error.code === 'CONFLICT' || error.code === 'BAD_REQUEST') throw new FinanceError(error.code, error.message, { cause: error });
        const note = keptLocally(error);
        const kept: StoredScenario = {
          id: existing?.id ?? `local_${randomUUID()}`, name: scenario.name, scenario, origin: existing?.origin ?? 'local', note, updatedAt: now().toISOString(),
        };
        // A change to a server copy made offline is kept as a local scenario beside it, not over it.
        if (existing?.origin === 'server') Object.assign(kept, { id: `local_${randomUUID()}`, origin: 'local' });
        await putStoredScenario(db, kept);
        return { scenario: kept, savedTo: 'station', notice: note };
      }
    },

    async delete(id: string): Promise<{ id: string; deleted: true }> {
      await requireFinanceRight(db);
      const existing = await findStoredScenario(db, id);
      if (!existing) throw new FinanceError('NOT_FOUND', `No scenario "${id}" on this station.`);
      if (existing.origin === 'server') {
        try {
          await call('workingCapital.scenarios.delete', 'mutation', { id });
        } catch (error) {
          if (!(error instanceof AdminError)) throw error;
          if (error.code === 'OFFLINE') throw new FinanceError('SERVICE_UNAVAILABLE', 'This scenario is saved on the server: deleting it needs the server. Try again once the station is online.', { cause: error });
          // Already gone there: drop the copy.
          if (error.code !== 'NOT_FOUND') throw new FinanceError(error.code === 'TOO_LARGE' ? 'BAD_REQUEST' : error.code, error.message, { cause: error });
        }
      }
      await deleteStoredScenario(db, id);
      return { id, deleted: true };
    },
  };
}

export type FinanceScenarios = ReturnType<typeof createFinanceScenarios>;
