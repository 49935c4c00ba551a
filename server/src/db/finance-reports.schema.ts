import type { ColumnType } from 'kysely';

// Scheduled finance reports (migration 0018). Kept apart from schema.ts, which extends `Database` with it.

type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
/** JSON arrays written as JSON text, read back parsed. */
type JsonList = ColumnType<unknown, string, string>;

export interface FinanceReportSchedulesTable {
  id: string;
  tenant_id: string;
  name: string;
  views: JsonList;
  formats: JsonList;
  period_days: ColumnType<number, number | undefined, number>;
  cadence: 'daily' | 'weekly';
  /** ISO weekday (1 = Monday) for weekly schedules, null for daily ones. */
  weekday: Nullable<number>;
  hour: number;
  timezone: string;
  delivery: 'email' | 'folder';
  recipients: ColumnType<unknown, string | undefined, string>;
  folder: Nullable<string>;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  next_run_at: NullableTimestamp;
  last_run_at: NullableTimestamp;
  last_status: Nullable<'delivered' | 'failed'>;
  last_error: Nullable<string>;
  last_files: ColumnType<unknown, string | null | undefined, string | null>;
  created_by: Nullable<string>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface FinanceReportTables {
  finance_report_schedules: FinanceReportSchedulesTable;
}
