import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronPackageDir, locateElectronBinary, missingElectronMessage } from './electron-binary';
import { DESKTOP_DIR } from './build-electron';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function fakeElectronPackage(files: Record<string, string>): Promise<string> {
  dir = await mkdtemp(path.join(tmpdir(), 'capliquify-electron-pkg-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

describe('locateElectronBinary', () => {
  it('reports a package that never downloaded its binary', async () => {
    const pkg = await fakeElectronPackage({ 'package.json': '{}' });
    expect(locateElectronBinary(pkg)).toEqual({ found: false, reason: expect.stringContaining('not downloaded') });
  });

  it('reports a binary that was deleted after the download', async () => {
    const pkg = await fakeElectronPackage({ 'path.txt': 'electron' });
    expect(locateElectronBinary(pkg)).toMatchObject({ found: false });
  });

  it('finds the platform binary named in path.txt', async () => {
    const pkg = await fakeElectronPackage({ 'path.txt': 'Electron.app/Contents/MacOS/Electron', 'dist/Electron.app/Contents/MacOS/Electron': '' });
    expect(locateElectronBinary(pkg)).toEqual({ found: true, path: path.join(pkg, 'dist', 'Electron.app/Contents/MacOS/Electron') });
  });

  it('resolves the installed electron package from the desktop workspace', () => {
    const found = electronPackageDir(DESKTOP_DIR);
    expect(found && path.basename(found)).toBe('electron');
  });
});

describe('missingElectronMessage', () => {
  it('tells the person how to install the binary and how to run without it', () => {
    const message = missingElectronMessage('the electron package has not downloaded its binary');
    expect(message).toContain('npx install-electron');
    expect(message).toContain('npm start');
  });
});
