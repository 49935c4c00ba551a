import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { createEnrollmentCode, type Database } from '@capliquify/server';
import type { Kysely } from 'kysely';
import { signInOnDevice } from '../../server/test/people';
import type { CoreChildReport, CoreChildRequest } from './bench-messages';
import { BENCH_SITE, itemId } from './bench-fixture';
import { procMemoryMb } from './bench-stats';
import { forkBenchChild } from './child-process';

export interface CorePhaseResult {
  bootstrap: Extract<CoreChildReport, { type: 'bootstrapped' }>;
  peakRssMb: number;
  sampledRssMb: number;
  queue: Extract<CoreChildReport, { type: 'queued' }> | null;
  push: Extract<CoreChildReport, { type: 'pushed' }> | null;
}

/**
 * The desktop core in a child process: enroll and bootstrap an empty replica while its memory is
 * sampled, then queue `options.pushCount` receipts offline and time going online to an empty outbox.
 */
export async function runCorePhase(db: Kysely<Database>, serverUrl: string, options: { pushCount: number; pageSize?: number }, log: (line: string) => void): Promise<CorePhaseResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capliquify-bench-core-'));
  const child = forkBenchChild<CoreChildRequest, CoreChildReport>(path.join(import.meta.dirname, 'core-child.ts'));
  let sampledRssMb = 0;
  const sampler = setInterval(() => {
    sampledRssMb = Math.max(sampledRssMb, procMemoryMb(child.pid, 'VmRSS') ?? 0);
  }, 25);
  try {
    const { code } = await createEnrollmentCode(db, { tenantId: BENCH_SITE.tenantId, siteId: BENCH_SITE.siteId, name: 'Bench station' });
    log(`core: child pid ${child.pid} enrolls and bootstraps into ${dataDir}`);
    child.send({ type: 'bootstrap', serverUrl, dataDir, code, pageSize: options.pageSize });
    const bootstrap = await child.next('bootstrapped', 240_000);
    // VmHWM is the kernel's own peak, so a spike between two samples is not missed.
    const peakRssMb = Math.max(procMemoryMb(child.pid, 'VmHWM') ?? 0, sampledRssMb);
    clearInterval(sampler);
    log(`core: bootstrap ${bootstrap.error ? `FAILED (${bootstrap.error})` : `of ${bootstrap.items} items took ${(bootstrap.totalMs / 1000).toFixed(2)} s`}, peak RSS ${peakRssMb.toFixed(0)} MB`);
    if (bootstrap.error) return { bootstrap, peakRssMb, sampledRssMb, queue: null, push: null };
    const targets = Array.from({ length: options.pushCount }, (_, i) => ({
      siteId: BENCH_SITE.siteId, locationId: BENCH_SITE.locationIds[i % BENCH_SITE.locationIds.length]!, itemId: itemId(i),
    }));
    // The receipts are made by an operator signed in on the station, whose rights the server checks on each one.
    const operator = await signInOnDevice(db, bootstrap.deviceId, { tenantId: BENCH_SITE.tenantId, displayName: 'Bench Operator', grants: [{ siteId: BENCH_SITE.siteId, role: 'operator' }], mfa: false });
    child.send({
      type: 'push', targets,
      operator: { userId: operator.userId, signInId: operator.actor.signInId, displayName: operator.displayName, email: operator.email, grants: operator.grants, mfa: false },
    });
    const queue = await child.next('queued', 120_000);
    log(`core: queued ${queue.queued} receipts offline in ${(queue.queueMs / 1000).toFixed(2)} s; going online`);
    const push = await child.next('pushed', 240_000);
    log(`core: outbox drained in ${(push.pushMs / 1000).toFixed(2)} s${push.error ? ` (error: ${push.error})` : ''}`);
    return { bootstrap, peakRssMb, sampledRssMb, queue, push };
  } finally {
    clearInterval(sampler);
    await child.stop({ type: 'exit' });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
