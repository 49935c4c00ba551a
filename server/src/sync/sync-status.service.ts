import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { listDevices, type DeviceSummary } from './devices.service';
import { countRejections } from './rejections.repo';
import { listScopeStates, type ScopeSummary } from './sync-rows.repo';

export interface SyncStatus {
  tenantId: string;
  scopes: ScopeSummary[];
  devices: DeviceSummary[];
  rejections: number;
}

/** What an operator checks first: each scope's version and each device's progress. */
export async function getSyncStatus(db: Kysely<Database>, tenantId: string): Promise<SyncStatus> {
  const [scopes, devices, rejections] = await Promise.all([listScopeStates(db, tenantId), listDevices(db, tenantId), countRejections(db, tenantId)]);
  return { tenantId, scopes, devices, rejections };
}
