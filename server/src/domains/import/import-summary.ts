import type { ImportKind, ImportMode, ImportStatus } from './import-kinds';
import type { ImportRecord } from './imports.repo';

export interface ImportSummary {
  importId: string;
  kind: ImportKind;
  mode: ImportMode;
  status: ImportStatus;
  totalRows: number;
  goodRows: number;
  badRows: number;
  /** Rows written: the good rows, except for an all_or_nothing import that did not pass. */
  imported: number;
}

export function summarise(record: ImportRecord): ImportSummary {
  const imported = record.mode === 'good_rows' || record.status === 'done' ? record.good_rows : 0;
  return {
    importId: record.id, kind: record.kind, mode: record.mode, status: record.status,
    totalRows: record.total_rows, goodRows: record.good_rows, badRows: record.bad_rows, imported,
  };
}
