import { randomBytes } from 'node:crypto';
import { mkdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

// Where a schedule that saves to a folder may write: `<data>/reports/<tenant>/<folder>`, the
// folder a relative path of plain names. Never an absolute path, `..`, a hidden name, or a
// symbolic link leading out: a schedule is data an admin typed, the server's disk is not theirs.
// Files appear whole (written aside, then renamed), so a reader never sees half a workbook.

const SEGMENT = /^[\w][\w .-]{0,79}$/;

/** A folder as stored: segments joined by '/', or the reason it is refused. */
export function normalizeFolder(input: string): { ok: true; folder: string } | { ok: false; reason: string } {
  const raw = input.trim();
  if (raw === '') return { ok: false, reason: 'Name a folder under the reports folder (e.g. "finance/weekly").' };
  if (raw.length > 200) return { ok: false, reason: 'The folder path is longer than 200 characters.' };
  if (raw.startsWith('/') || raw.includes('\\') || /^[A-Za-z]:/.test(raw)) return { ok: false, reason: `"${raw}" is not a relative folder: reports are saved under the server's reports folder only.` };
  const segments = raw.split('/').filter((s) => s !== '');
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || segment.endsWith('.') || segment.endsWith(' ')) {
      return { ok: false, reason: `"${segment}" is not allowed in a folder path: use letters, digits, spaces, "-", "_" and "." (not first or last).` };
    }
  }
  return { ok: true, folder: segments.join('/') };
}

function within(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface FolderFile { fileName: string; bytes: Uint8Array }

/** Writes the files into the tenant's folder; returns their paths relative to the reports folder. */
export async function saveToFolder(reportsDir: string, tenantId: string, folder: string, files: readonly FolderFile[]): Promise<string[]> {
  const checked = normalizeFolder(folder);
  if (!checked.ok) throw new Error(checked.reason);
  if (!/^[\w-]{1,200}$/.test(tenantId)) throw new Error(`tenant id ${JSON.stringify(tenantId)} cannot name a folder`);
  const root = path.resolve(reportsDir);
  const target = path.join(root, tenantId, ...checked.folder.split('/'));
  await mkdir(target, { recursive: true });
  // A symbolic link on the way could lead anywhere: the real folder must still be under the real root.
  const [realRoot, realTarget] = await Promise.all([realpath(root), realpath(target)]);
  if (!within(path.join(realRoot, tenantId), realTarget)) throw new Error(`the folder ${checked.folder} leads outside the reports folder (a symbolic link?)`);
  const written: string[] = [];
  for (const file of files) {
    if (file.fileName !== path.basename(file.fileName) || file.fileName.startsWith('.')) throw new Error(`${JSON.stringify(file.fileName)} is not a plain file name`);
    const final = path.join(realTarget, file.fileName);
    const aside = path.join(realTarget, `.${file.fileName}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(aside, file.bytes, { flag: 'wx' });
      await rename(aside, final);
    } catch (error) {
      await rm(aside, { force: true });
      throw error;
    }
    written.push(path.relative(realRoot, final).split(path.sep).join('/'));
  }
  return written;
}
