import type { CommandName, PushedCommand, Rejection } from '@capliquify/shared';
import type { ControlledTransaction } from 'kysely';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import type { Database } from '../db/schema';
import type { BatchScopeWriter } from './batch-scope-writer';
import type { BatchCommand } from './command-context';
import { commandSite, type ActorCheck } from './command-actor.service';
import { classifyFailure, CommandRejection } from './command-failure';
import { hasBatchHandler, parseCommand, runCommand, runCommands } from './command-handlers';
import type { DeviceIdentity } from './device-auth.service';
import { insertRejection } from './devices.repo';

type Trx = ControlledTransaction<Database>;

/** A command applied (the scopes it changed) or rejected for good; its mutation id advances either way. */
export interface CommandResult { touched: string[]; rejection: Rejection | null }

/** What every command of one push batch shares. */
export interface BatchParts { trx: Trx; scopes: BatchScopeWriter; actors: ActorCheck; device: DeviceIdentity; logger?: Logger }

const SAVEPOINT = 'command';
/** A push's limit; it keeps a run's multi-row statements far below PostgreSQL's 65,535 parameters. */
const MAX_RUN = 500;
/** A run that failed set-wise is halved until this short, then applied one by one. */
const ONE_BY_ONE_BELOW = 16;

/**
 * Applies commands in order and returns each one's result, stopping before the first transient
 * failure (fewer results than commands). Consecutive commands of a name with a batch handler are
 * applied set-wise, a run in a few round trips; any other command runs under its own savepoint.
 */
export async function applyInOrder(parts: BatchParts, commands: readonly PushedCommand[]): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (let start = 0; start < commands.length;) {
    let end = start + 1;
    const name = commands[start]!.name;
    if (hasBatchHandler(name)) while (end < commands.length && end - start < MAX_RUN && commands[end]!.name === name) end += 1;
    const run = commands.slice(start, end);
    const done = run.length > 1 ? await applyRun(parts, run) : await applyOneByOne(parts, run);
    results.push(...done);
    if (done.length < run.length) break;
    start = end;
  }
  return results;
}

async function applyOneByOne(parts: BatchParts, run: readonly PushedCommand[]): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (const command of run) {
    const result = await applyCommand(parts, command);
    if (result === 'stop') break;
    results.push(result);
  }
  return results;
}

/**
 * A run set-wise; when the database refuses it (a constraint the plan could not foresee), the run
 * is halved so that only the short stretch around the refused command goes one by one.
 */
async function applyRun(parts: BatchParts, run: readonly PushedCommand[]): Promise<CommandResult[]> {
  const outcome = await trySetWise(parts, run);
  if (outcome === 'one-by-one' || (outcome === 'failed' && run.length < ONE_BY_ONE_BELOW)) return applyOneByOne(parts, run);
  if (outcome !== 'failed') return outcome;
  const half = Math.ceil(run.length / 2);
  const first = await applyRun(parts, run.slice(0, half));
  if (first.length < half) return first;
  return [...first, ...await applyRun(parts, run.slice(half))];
}

/**
 * One savepoint around the whole run: each command's args and actor are checked in memory (the
 * actor check reads a person once per batch), then its batch handler decides and writes the rest.
 * Rejections are recorded as one by one would. Anything unexpected rolls the run back to the
 * savepoint ('failed'); a handler declining the run leaves it to go one by one.
 */
async function trySetWise(parts: BatchParts, run: readonly PushedCommand[]): Promise<CommandResult[] | 'one-by-one' | 'failed'> {
  const { trx, scopes, actors, device, logger } = parts;
  const savepoint = await trx.savepoint(SAVEPOINT).execute();
  try {
    const outcomes: (string[] | CommandRejection | ZodError)[] = [];
    const checked: BatchCommand<unknown>[] = [];
    const at: number[] = [];
    for (const [i, command] of run.entries()) {
      try {
        const parsed = parseCommand(command.name, command.args);
        const actor = await actors.authorize(command.actor, parsed.name, commandSite(parsed.args, device.siteId));
        checked.push({ mutationId: command.mutationId, actorUserId: actor.userId, args: parsed.args });
        at.push(i);
      } catch (error) {
        // Only refusals decided without the database; a failed read fails the run.
        if (!(error instanceof CommandRejection || error instanceof ZodError)) throw error;
        outcomes[i] = error;
      }
    }
    const ctx = { trx, tenantId: device.tenantId, deviceId: device.deviceId, siteId: device.siteId, scopes };
    // applyInOrder makes runs only of a name with a batch handler, so a known command.
    const decided = await runCommands(ctx, run[0]!.name as CommandName, checked);
    if (decided === null) {
      await savepoint.rollbackToSavepoint(SAVEPOINT).execute();
      scopes.dropCommand();
      await savepoint.releaseSavepoint(SAVEPOINT).execute();
      logger?.debug({ from: run[0]!.mutationId, to: run.at(-1)!.mutationId }, 'a run of commands goes one by one');
      return 'one-by-one';
    }
    if (decided.length !== checked.length) throw new Error(`A batch handler answered ${decided.length} of ${checked.length} commands`);
    for (const [k, outcome] of decided.entries()) outcomes[at[k]!] = outcome;
    const results: CommandResult[] = [];
    const rejections: { rejection: Rejection; args: unknown }[] = [];
    for (const [i, command] of run.entries()) {
      const outcome = outcomes[i]!;
      if (Array.isArray(outcome)) {
        results.push({ touched: outcome, rejection: null });
        continue;
      }
      const failure = classifyFailure(outcome);
      if (failure.kind === 'transient') throw outcome;
      logger?.info({ mutationId: command.mutationId, name: command.name, code: failure.code }, 'command rejected');
      const rejection: Rejection = { mutationId: command.mutationId, name: command.name, code: failure.code, reason: failure.reason };
      rejections.push({ rejection, args: command.args });
      results.push({ touched: [], rejection });
    }
    // Every command refused: as one by one, the scope versions taken for them go back.
    if (rejections.length === run.length) {
      await savepoint.rollbackToSavepoint(SAVEPOINT).execute();
      scopes.dropCommand();
    }
    for (const { rejection, args } of rejections) await insertRejection(trx, { tenantId: device.tenantId, deviceId: device.deviceId, ...rejection, args });
    await savepoint.releaseSavepoint(SAVEPOINT).execute();
    scopes.keepCommand();
    logger?.debug({ from: run[0]!.mutationId, to: run.at(-1)!.mutationId }, 'applied a run of commands set-wise');
    return results;
  } catch (error) {
    await savepoint.rollbackToSavepoint(SAVEPOINT).execute();
    scopes.dropCommand();
    await savepoint.releaseSavepoint(SAVEPOINT).execute();
    logger?.debug({ err: error, from: run[0]!.mutationId, to: run.at(-1)!.mutationId }, 'a run of commands failed set-wise; applying it in parts');
    return 'failed';
  }
}

/**
 * One command under its own savepoint, after checking who made it (command-actor.service.ts).
 * A permanent failure rolls back to the savepoint and records the rejection; a transient failure
 * answers 'stop' (the batch stops for a retry).
 */
export async function applyCommand(parts: BatchParts, command: PushedCommand): Promise<CommandResult | 'stop'> {
  const { trx, scopes, actors, device, logger } = parts;
  const savepoint = await trx.savepoint(SAVEPOINT).execute();
  try {
    const parsed = parseCommand(command.name, command.args);
    // Who made it is checked as the command applies: rights revoked while the device was offline count.
    const actor = await actors.authorize(command.actor, parsed.name, commandSite(parsed.args, device.siteId));
    const touched = await runCommand(
      { trx, tenantId: device.tenantId, deviceId: device.deviceId, siteId: device.siteId, mutationId: command.mutationId, actorUserId: actor.userId, scopes },
      parsed,
    );
    await savepoint.releaseSavepoint(SAVEPOINT).execute();
    scopes.keepCommand();
    return { touched, rejection: null };
  } catch (error) {
    // The command's effects go; what the batch did before it stays.
    await savepoint.rollbackToSavepoint(SAVEPOINT).execute();
    scopes.dropCommand();
    const failure = classifyFailure(error);
    if (failure.kind === 'transient') {
      logger?.warn({ err: error, mutationId: command.mutationId }, 'command failed transiently; the batch stops for a retry');
      await savepoint.releaseSavepoint(SAVEPOINT).execute();
      return 'stop';
    }
    logger?.info({ mutationId: command.mutationId, name: command.name, code: failure.code }, 'command rejected');
    const rejection: Rejection = { mutationId: command.mutationId, name: command.name, code: failure.code, reason: failure.reason };
    try {
      await insertRejection(trx, { tenantId: device.tenantId, deviceId: device.deviceId, ...rejection, args: command.args });
    } catch (second) {
      logger?.warn({ err: second, mutationId: command.mutationId }, 'could not record a rejection; the batch stops for a retry');
      await savepoint.rollbackToSavepoint(SAVEPOINT).execute();
      await savepoint.releaseSavepoint(SAVEPOINT).execute();
      return 'stop';
    }
    await savepoint.releaseSavepoint(SAVEPOINT).execute();
    return { touched: [], rejection };
  }
}
