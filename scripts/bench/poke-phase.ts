import path from 'node:path';
import { createEnrollmentCode, enrollDevice, type Database } from '@capliquify/server';
import type { Kysely } from 'kysely';
import { signInOnDevice } from '../../server/test/people';
import type { FleetReport, FleetRequest } from './bench-messages';
import { BENCH_SITE, itemId } from './bench-fixture';
import { wallMs } from './bench-stats';
import { forkBenchChild } from './child-process';
import { pullToEnd, pushCommands, receiptArgs } from './sync-http';

export interface PokePhaseResult {
  devices: number;
  rounds: number;
  pokesMs: number[];
  pullsMs: number[];
  missed: number;
  /** Round trip of each one-command `sync.push` (commit, poke published). */
  pushesMs: number[];
}

async function enroll(db: Kysely<Database>, name: string): Promise<{ deviceId: string; credential: string }> {
  const { code } = await createEnrollmentCode(db, { tenantId: BENCH_SITE.tenantId, siteId: BENCH_SITE.siteId, name });
  return enrollDevice(db, { code, name });
}

/**
 * `devices` stations hold `/events` streams (in a child process, apart from the server); a pusher
 * device records one receipt per round through `sync.push`. Each round measures, per station, the
 * time from just before the push to its poke, and its incremental `sync.pull` after the poke.
 */
export async function runPokePhase(db: Kysely<Database>, serverUrl: string, devices: number, rounds: number, log: (line: string) => void): Promise<PokePhaseResult> {
  const credentials: string[] = [];
  for (let i = 0; i < devices; i += 1) credentials.push((await enroll(db, `Bench fleet ${i + 1}`)).credential);
  const pushing = await enroll(db, 'Bench pusher');
  const pusher = pushing.credential;
  const { actor } = await signInOnDevice(db, pushing.deviceId, { tenantId: BENCH_SITE.tenantId, displayName: 'Bench Pusher', grants: [{ siteId: BENCH_SITE.siteId, role: 'operator' }], mfa: false });
  // Every station is caught up at the start: the cursors of one full pull serve them all.
  const caughtUp = await pullToEnd(serverUrl, pusher, 10_000);
  log(`pokes: enrolled ${devices} stations; caught-up cursors after ${caughtUp.rows} rows`);
  const fleet = forkBenchChild<FleetRequest, FleetReport>(path.join(import.meta.dirname, 'fleet-child.ts'));
  const result: PokePhaseResult = { devices, rounds, pokesMs: [], pullsMs: [], missed: 0, pushesMs: [] };
  try {
    fleet.send({ type: 'connect', serverUrl, credentials, cursors: caughtUp.cursors });
    const connected = await fleet.next('connected', 60_000);
    log(`pokes: ${connected.streams} event streams open in ${connected.connectMs.toFixed(0)} ms`);
    for (let r = 0; r < rounds; r += 1) {
      fleet.send({ type: 'arm', round: r });
      await fleet.next('armed', 5_000);
      const before = wallMs();
      const target = { siteId: BENCH_SITE.siteId, locationId: BENCH_SITE.locationIds[0]!, itemId: itemId(r) };
      await pushCommands(serverUrl, pusher, [{ mutationId: r + 1, name: 'inventory.recordMovement', args: receiptArgs(target), createdAt: new Date().toISOString(), actor }]);
      result.pushesMs.push(wallMs() - before);
      const answer = await fleet.next('round', 15_000);
      result.pokesMs.push(...answer.arrivals.map((at) => at - before));
      result.pullsMs.push(...answer.pullsMs);
      result.missed += answer.failures;
      if (r % 10 === 9) log(`pokes: ${r + 1}/${rounds} rounds`);
    }
    return result;
  } finally {
    await fleet.stop({ type: 'exit' });
  }
}
