import type { ColumnType } from 'kysely';

// The fleet's tables (migration 0015): releases and their files, channels, offers, device health
// and diagnostic bundles. Kept apart from schema.ts, which extends `Database` with them.

type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type WithDefault<T> = ColumnType<T, T | undefined, T>;
/** bigint arrives as a string from both drivers. */
type BigCount = ColumnType<string, string | number | bigint, string | number | bigint>;
type NullableBigCount = ColumnType<string | null, string | number | bigint | null | undefined, string | number | bigint | null>;

export type ReleaseState = 'rolling' | 'paused' | 'complete' | 'rolled_back';
export type ReleaseStage = 'canary' | 'sites' | 'percent' | 'all';
export type ReleasePlatform = 'windows' | 'mac' | 'linux';

export interface ReleaseChannelsTable { tenant_id: string; name: string; created_at: GeneratedTimestamp; created_by: Nullable<string> }
export interface ReleasesTable {
  id: string; tenant_id: string; channel: string; version: string;
  state: WithDefault<ReleaseState>; stage: WithDefault<ReleaseStage>;
  site_order: ColumnType<string[], string | undefined, string>; sites_reached: WithDefault<number>; percent: WithDefault<number>;
  notes: Nullable<string>; published_by: Nullable<string>; published_at: GeneratedTimestamp; updated_at: GeneratedTimestamp;
  rollback_of: Nullable<string>; source_release_id: Nullable<string>;
}
export interface ReleaseFilesTable {
  tenant_id: string; release_id: string; name: string; platform: ReleasePlatform; size: BigCount; sha512: string; created_at: GeneratedTimestamp;
}
export interface ReleaseOffersTable { tenant_id: string; release_id: string; device_id: string; offered_at: GeneratedTimestamp }
export interface DeviceHealthTable {
  device_id: string; tenant_id: string; seen_at: GeneratedTimestamp; header_app_version: Nullable<string>;
  reported_at: NullableTimestamp; app_version: Nullable<string>; channel: Nullable<string>; os: Nullable<string>;
  outbox_depth: Nullable<number>; oldest_pending_at: NullableTimestamp; last_error: Nullable<string>;
  free_disk_bytes: NullableBigCount; last_sync_at: NullableTimestamp;
}
export interface DeviceDiagnosticsTable {
  id: string; tenant_id: string; device_id: string; requested_by: Nullable<string>; requested_at: GeneratedTimestamp;
  uploaded_at: NullableTimestamp; size_bytes: NullableBigCount; sha256: Nullable<string>; content_type: Nullable<string>;
}
/** Publish tokens for the release workflow (migration 0017): only the secret's hash is kept. */
export interface ReleaseTokensTable {
  id: string; tenant_id: string; name: string; secret_hash: string; created_by: Nullable<string>; created_at: GeneratedTimestamp;
  expires_at: NullableTimestamp; last_used_at: NullableTimestamp; revoked_at: NullableTimestamp;
}
/** The fleet columns added to `devices`. */
export interface DeviceFleetColumns {
  update_channel: Nullable<string>; canary: WithDefault<boolean>; diagnostics_request_id: Nullable<string>;
}

export interface FleetTables {
  release_channels: ReleaseChannelsTable;
  releases: ReleasesTable;
  release_files: ReleaseFilesTable;
  release_offers: ReleaseOffersTable;
  device_health: DeviceHealthTable;
  device_diagnostics: DeviceDiagnosticsTable;
  release_tokens: ReleaseTokensTable;
}

