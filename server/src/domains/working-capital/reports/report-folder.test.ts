import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeFolder, saveToFolder } from './report-folder';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'capliquify-report-folder-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const file = (fileName: string, text = fileName) => ({ fileName, bytes: new TextEncoder().encode(text) });

describe('the reports folder', () => {
  it('takes a relative path of plain names', () => {
    expect(normalizeFolder(' finance//weekly/ ')).toEqual({ ok: true, folder: 'finance/weekly' });
    expect(normalizeFolder('Board pack 2026.Q1')).toEqual({ ok: true, folder: 'Board pack 2026.Q1' });
  });

  it('refuses anything that could lead elsewhere', () => {
    for (const bad of ['', '/etc', '../other-tenant', 'a/../../b', 'C:\\temp', 'a\\b', '.ssh', 'a/.hidden', 'trailing.', 'x'.repeat(201), 'a:b']) {
      expect(normalizeFolder(bad), bad).toMatchObject({ ok: false });
    }
    expect(normalizeFolder('../x')).toEqual({ ok: false, reason: '".." is not allowed in a folder path: use letters, digits, spaces, "-", "_" and "." (not first or last).' });
  });

  it('writes the files whole into <reports>/<tenant>/<folder>, replacing a file of the same name', async () => {
    expect(await saveToFolder(dir, 'tnt_demo', 'finance/weekly', [file('a.xlsx', 'one'), file('a.pdf')])).toEqual(['tnt_demo/finance/weekly/a.xlsx', 'tnt_demo/finance/weekly/a.pdf']);
    await saveToFolder(dir, 'tnt_demo', 'finance/weekly', [file('a.xlsx', 'two')]);
    expect(await readFile(path.join(dir, 'tnt_demo/finance/weekly/a.xlsx'), 'utf8')).toBe('two');
    expect((await readdir(path.join(dir, 'tnt_demo/finance/weekly'))).sort()).toEqual(['a.pdf', 'a.xlsx']);
  });

  it('will not follow a symbolic link out of the tenant\'s folder, nor take a path for a file name', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'capliquify-outside-'));
    try {
      await mkdir(path.join(dir, 'tnt_demo'), { recursive: true });
      await symlink(outside, path.join(dir, 'tnt_demo', 'escape'));
      await expect(saveToFolder(dir, 'tnt_demo', 'escape', [file('a.csv')])).rejects.toThrow('the folder escape leads outside the reports folder (a symbolic link?)');
      expect(await readdir(outside)).toEqual([]);
      await expect(saveToFolder(dir, 'tnt_demo', 'ok', [file('../a.csv')])).rejects.toThrow('"../a.csv" is not a plain file name');
      await expect(saveToFolder(dir, '../tnt', 'ok', [file('a.csv')])).rejects.toThrow(/cannot name a folder/);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
