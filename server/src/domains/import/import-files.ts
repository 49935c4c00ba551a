import { randomUUID } from 'node:crypto';
import path from 'node:path';

export function newImportId(): string {
  return `imp_${randomUUID()}`;
}

/**
 * Where an upload waits for its job: `<dataDir>/imports/<importId>`. Workers on other machines
 * need the same data folder (a shared volume) to read it.
 */
export function importUploadPath(dataDir: string, importId: string): string {
  return path.join(dataDir, 'imports', importId);
}

/** Whether `file` is an upload this server stored (named after its import), so a job may remove it. */
export function isStoredUpload(file: string, importId: string): boolean {
  return path.basename(file) === importId && path.basename(path.dirname(file)) === 'imports';
}
