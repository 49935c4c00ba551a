// A flapping network: two stations whose links go down and up every 20–300 ms for five seconds,
// cutting requests in flight (some after the server committed them), while both keep scanning
// and the back office posts changes. The engines run on their own (backoff, polling), as in the
// app. Once the network is steady they must get there by themselves: every movement exactly once
// (or rejected with a reason), replicas equal to the server, no engine halted or stuck.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncEngineStatus } from '../core/sync-engine/sync-engine-status';
import { ITEMS, LOCATIONS, ledgerCounts, openBackOffice, openStation, replicaStock, serverStock, startTestServer, type Station, type TestServer } from './support/sync-server';

const SEED = 0x5eed_f1a9;
const FLAPPING_MS = 5_000;

/** mulberry32: a small seeded generator for the schedule of cuts, scans and office posts. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `step` after random pauses of `min`–`max` ms until `until`. */
async function every(random: () => number, min: number, max: number, until: number, step: () => Promise<void> | void): Promise<void> {
  while (Date.now() < until) {
    await sleep(min + Math.floor(random() * (max - min)));
    await step();
  }
}

const settled = (s: SyncEngineStatus) => s.connection === 'online' && s.pendingCount === 0 && s.lastError === null && !s.updateRequired && !s.revoked;

describe('a flapping network (postgres)', () => {
  let server: TestServer | null = null;
  const stations: Station[] = [];
  afterEach(async () => {
    for (const s of stations.splice(0)) {
      await s.quit();
      await s.network.close();
    }
    await server?.close();
    server = null;
  });

  it(`converges by itself once the network is steady: each movement once, nothing lost, nobody stuck (seed ${SEED})`, async () => {
    server = await startTestServer('postgres', 'flapping');
    const random = seeded(SEED);
    for (const name of ['a', 'b']) {
      stations.push(await openStation(server, path.join(server.database.config.dataDir, `${name}.sqlite`), {
        engine: { backoff: { initialMs: 20, maxMs: 200 }, pollMs: 250 },
      }));
    }
    const office = await openBackOffice(server);
    for (const s of stations) s.engine.start();

    const until = Date.now() + FLAPPING_MS;
    let cuts = 0;
    let cutInFlight = 0;
    await Promise.all([
      ...stations.map((s) => {
        let online = true;
        return every(random, 20, 300, until, () => {
          online = !online;
          s.network.setMode(online ? 'online' : 'offline');
          if (!online) {
            cutInFlight += s.network.dropConnections();
            cuts += 1;
          }
        });
      }),
      ...stations.map((s) => every(random, 10, 60, until, () => {
        const at = Math.floor(random() * LOCATIONS.length);
        const issue = random() < 0.3;
        return s.record(issue ? 'issue' : 'receipt', LOCATIONS[at]!, ITEMS[Math.floor(random() * ITEMS.length)]!, issue ? 1 : 1 + Math.floor(random() * 5));
      })),
      every(random, 50, 150, until, () => office.post('receipt', LOCATIONS[Math.floor(random() * LOCATIONS.length)]!, ITEMS[0], 3)),
    ]);
    expect(cuts).toBeGreaterThan(10);
    expect(cutInFlight, 'no cut caught a request in flight').toBeGreaterThan(0);

    // Steady from here on. Nobody calls syncNow: the engines' own retries and polls must finish.
    for (const s of stations) s.network.setMode('online');
    const allSettled = async () => {
      const truth = (await serverStock(server!.db())).join();
      for (const s of stations) if (!settled(s.engine.status.get()) || (await replicaStock(s)).join() !== truth) return false;
      return true;
    };
    await expect.poll(allSettled, {
      timeout: 20_000, interval: 100, message: `stations did not settle: ${JSON.stringify(stations.map((s) => s.engine.status.get()))}`,
    }).toBe(true);
    // Not halted: each has its next poll armed.
    for (const s of stations) expect(s.engine.status.get().nextRetryAt).not.toBeNull();

    let pushed = 0;
    for (const [index, s] of stations.entries()) {
      expect(s.queued.length, `station ${index} queued too little to prove anything`).toBeGreaterThan(20);
      const rejected = new Set((await s.engine.rejections()).map((r) => r.mutationId));
      const counts = await ledgerCounts(server.db(), s.queued.map((q) => q.movementId));
      for (const { mutationId, movementId } of s.queued) {
        expect(counts.get(movementId), `station ${index} command ${mutationId}`).toBe(rejected.has(mutationId) ? 0 : 1);
      }
      pushed += s.queued.length - rejected.size;
    }
    expect(pushed).toBeGreaterThan(0);
  }, 60_000);
});
