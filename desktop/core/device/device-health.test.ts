import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceHealthSchema } from '@capliquify/shared';
import { openReplica, type Replica } from '../replica/open-replica';
import type { SyncEngineStatus } from '../sync-engine/sync-engine-status';
import { createDeviceHealthReporter, describeOs, freeDiskBytes } from './device-health';

const replicas: Replica[] = [];
afterEach(async () => {
  for (const r of replicas.splice(0)) await r.close();
});

const status = (over: Partial<SyncEngineStatus> = {}) => ({ lastError: null, lastSyncAt: null, ...over }) as SyncEngineStatus;

describe('the device health report', () => {
  it('reads the free space of the disk holding the replica, and null where there is none', async () => {
    expect(await freeDiskBytes(tmpdir())).toBeGreaterThan(0);
    expect(await freeDiskBytes(path.join(tmpdir(), 'no-such-folder-capliquify'))).toBeNull();
    expect(describeOs()).toMatch(new RegExp(`^${process.platform} \\S+ ${process.arch}$`));
  });

  it('clips what would not fit the wire schema instead of failing the pull', async () => {
    const replica = await openReplica(':memory:');
    replicas.push(replica);
    const report = createDeviceHealthReporter({ db: replica.db, appVersion: '1.4.0', channel: 'stable', dataDir: tmpdir(), os: 'x'.repeat(500), freeDiskBytes: async () => null });
    const health = await report(status({ lastError: 'e'.repeat(5_000), lastSyncAt: '2025-03-01T10:00:00.000Z' }));
    expect(deviceHealthSchema.safeParse(health).success).toBe(true);
    expect(health).toMatchObject({ outboxDepth: 0, oldestPendingAt: null, freeDiskBytes: null, lastSyncAt: '2025-03-01T10:00:00.000Z' });
    expect(health.os).toHaveLength(200);
    expect(health.lastError).toHaveLength(2000);
  });
});
