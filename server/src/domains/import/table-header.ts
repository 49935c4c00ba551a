import { ImportFileError } from './import-file.error';
import type { ColumnSpec } from './import-kind';

/** "Reorder Point", "reorder-point " and "REORDER_POINT" all name the column reorder_point. */
export function normaliseHeader(text: string): string {
  return text.trim().toLowerCase().replace(/[*:]+$/, '').trim().replace(/[\s\-./]+/g, '_');
}

export type ColumnMap = [name: string, index: number][];

/**
 * Where each of a kind's columns is in the file's header. A required column missing, or a column
 * given twice, fails the whole file with a sentence naming it; columns the kind does not know are
 * ignored (a spreadsheet often carries notes).
 */
export function mapColumns(columns: ColumnSpec[], header: string[]): ColumnMap {
  const positions = new Map<string, number>();
  header.forEach((text, index) => {
    const name = normaliseHeader(text);
    if (name === '') return;
    const spec = columns.find((c) => c.name === name || c.aliases?.includes(name));
    if (!spec) return;
    if (positions.has(spec.name)) throw new ImportFileError(`The header names the column ${spec.name} twice.`, 1);
    positions.set(spec.name, index);
  });
  const missing = columns.filter((c) => c.required && !positions.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    const needed = columns.filter((c) => c.required).map((c) => c.name).join(', ');
    const found = header.map(normaliseHeader).filter(Boolean).join(', ') || 'nothing';
    throw new ImportFileError(`The header has no column ${missing.join(', ')}: this import needs ${needed} (found ${found}).`, 1);
  }
  return columns.map((c) => [c.name, positions.get(c.name) ?? -1]);
}

/** A row's trimmed cells by column name, or null when the row is blank (skipped, its number kept). */
export function cellsOf(map: ColumnMap, cells: string[]): Record<string, string> | null {
  if (cells.every((cell) => cell.trim() === '')) return null;
  const record: Record<string, string> = {};
  for (const [name, index] of map) record[name] = index < 0 ? '' : (cells[index] ?? '').trim();
  return record;
}
