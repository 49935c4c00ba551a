import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReplica } from '../../replica/open-replica';
import { makeCatalog } from '../../test/fake-catalog';
import { listOutbox } from '../outbox.repo';
import { listStockLevels } from '../typed-rows.repo';
import { startHarness } from './engine-harness';
import { startFakeProtocolServer, type FakeProtocolServer } from './fake-protocol-server';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-child.ts');
const RUNS = 24;

let server: FakeProtocolServer;
let dir: string;
beforeAll(async () => {
  // Enough rows that a re-bootstrap takes many pull pages, so kills land inside pull applies too.
  server = await startFakeProtocolServer(makeCatalog(600));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-crash-'));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the child until it is ready plus `delayMs`, SIGKILLs it, and returns the commits it reported. */
function runAndKill(file: string, delayMs: number): Promise<{ mutationId: number; movementId: string }[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, server.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const wasReady = out.includes('ready\n');
      out += chunk.toString();
      if (!wasReady && out.includes('ready\n')) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited ${code}: ${err}`));
      // Only complete lines were surely written after a commit.
      const lines = out.split('\n').slice(0, -1);
      resolve(lines.filter((l) => l.startsWith('ok ')).map((l) => {
        const [, id, movementId] = l.split(' ');
        return { mutationId: Number(id), movementId: movementId ?? '' };
      }));
    });
  });
}

describe('the core killed with SIGKILL mid-write and mid-pull', () => {
  it('keeps the replica intact and loses no queued command, many times over', async () => {
    const file = path.join(dir, 'replica.sqlite');
    const enrolled = await startHarness({ file, server });
    await enrolled.close();

    const reported: { mutationId: number; movementId: string }[] = [];
    let killedMidBootstrap = 0;
    for (let run = 0; run < RUNS; run++) {
      // Every few runs the server forgets the cursors, so the next child re-bootstraps 600+ rows.
      if (run % 3 === 0) server.state.resetEpoch('catalog');
      // Short and long lives, so kills land in the first pull pages as well as later writes and pulls.
      reported.push(...await runAndKill(file, run % 2 ? 30 + ((run * 53) % 300) : 30 + ((run * 397) % 1200)));

      const replica = await openReplica(file);
      try {
        const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(replica.db);
        expect(check.rows).toEqual([{ integrity_check: 'ok' }]);
        const queued = new Set((await listOutbox(replica.db)).map((c) => c.mutationId));
        const device = server.state.devices.get('dev-1');
        for (const r of reported) expect(queued.has(r.mutationId) || r.mutationId <= (device?.lastMutationId ?? 0)).toBe(true);
        // Stale rows left over: the kill landed between the pages of a re-bootstrap.
        const stale = await replica.db.selectFrom('confirmed_rows').select((eb) => eb.fn.countAll<number>().as('n')).where('stale', '=', 1).executeTakeFirstOrThrow();
        if (Number(stale.n) > 0) killedMidBootstrap += 1;
      } finally {
        await replica.close();
      }
    }
    expect(reported.length).toBeGreaterThan(RUNS);
    expect(killedMidBootstrap).toBeGreaterThan(0);

    const final = await startHarness({ file, server });
    try {
      expect(await final.engine.syncNow()).toMatchObject({ pendingCount: 0, lastError: null });
      for (const r of reported) expect(server.state.movements.get(r.movementId)).toBe(1);
      const expected = [...server.state.snapshot(['site:site-a']).entries()].filter(([k]) => k.startsWith('stock_level|'))
        .map(([k, data]) => ({ id: k.slice('stock_level|'.length), siteId: 'site-a', onHand: (data as { onHand: number }).onHand }))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(await listStockLevels(final.db)).toEqual(expected);
      expect((await final.db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(600);
    } finally {
      await final.close();
    }
  });
});
