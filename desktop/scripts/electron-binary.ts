import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/**
 * Finds the Electron executable the `electron` package downloaded, without requiring the package:
 * its `index.js` starts a download when the binary is missing, which offline only ends in a stack.
 */
export function locateElectronBinary(electronPackageDir: string): ElectronBinary {
  const pathFile = path.join(electronPackageDir, 'path.txt');
  if (!existsSync(pathFile)) return { found: false, reason: 'the electron package has not downloaded its binary' };
  const binary = path.join(electronPackageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { found: false, reason: `${binary} is missing` };
  return { found: true, path: binary };
}

/** The installed `electron` package's folder, or null when it is not installed at all. */
export function electronPackageDir(fromDir: string): string | null {
  try {
    return path.dirname(createRequire(path.join(fromDir, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

export function missingElectronMessage(reason: string): string {
  return [
    `Electron is not available here (${reason}).`,
    'The repository installs electron for its types only; to run the desktop app, fetch the binary once:',
    '',
    '  npx install-electron        (or: node node_modules/electron/install.js)',
    '',
    'then run `npm run desktop` again. Without Electron, the same app runs in a browser: `npm start`.',
  ].join('\n');
}
