import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDeviceId } from '../device/device-identity.service';
import { openReplica, type Replica } from './open-replica';

const opened: Replica[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((r) => r.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function open(file: string) {
  const replica = await openReplica(file);
  opened.push(replica);
  return replica;
}

function tempFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cq-replica-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'replica.sqlite');
}

describe('openReplica', () => {
  it('creates the catalog and sync tables, without the old staging twins, and records the migrations', async () => {
    const { db } = await open(':memory:');
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(db);
    const names = tables.rows.map((r) => r.name);
    for (const table of ['sites', 'locations', 'items', 'item_barcodes', 'stock_levels', 'meta', 'confirmed_rows', 'outbox', 'count_sessions', 'count_expected', 'count_lines', 'operators', 'demand_forecasts', 'finance_rows', 'finance_state', 'finance_scenarios']) {
      expect(names).toContain(table);
    }
    expect(names.filter((name) => name.startsWith('stage_'))).toEqual([]);
    const applied = await sql<{ name: string }>`select name from schema_migrations`.execute(db);
    expect(applied.rows.map((r) => r.name)).toEqual(['0001-initial', '0002-sync-engine', '0003-drop-staging', '0004-barcode-item-index', '0005-counting', '0006-operators', '0007-demand-forecasts', '0008-finance', '0009-cash-plan']);
  });

  it('reopens an existing file without re-running migrations, in WAL mode, keeping the device id', async () => {
    const file = tempFile();
    const first = await open(file);
    const deviceId = await ensureDeviceId(first.db);
    expect(deviceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await ensureDeviceId(first.db)).toBe(deviceId);
    await first.close();
    opened.splice(opened.indexOf(first), 1);

    const second = await open(file);
    expect(await ensureDeviceId(second.db)).toBe(deviceId);
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(second.db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    const applied = await sql<{ n: number }>`select count(*) as n from schema_migrations`.execute(second.db);
    expect(applied.rows[0]?.n).toBe(9);
  });
});
