// `npm run desktop`: builds the renderer and the Electron bundles, then starts `electron .` in
// desktop/. Where the Electron binary is missing it explains how to get it instead of a stack.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { build } from 'vite';
import { buildElectron, DESKTOP_DIR } from './build-electron';
import { electronPackageDir, locateElectronBinary, missingElectronMessage } from './electron-binary';

const packageDir = electronPackageDir(DESKTOP_DIR);
const binary = packageDir === null ? { found: false as const, reason: 'the electron package is not installed' } : locateElectronBinary(packageDir);
if (!binary.found) {
  console.error(missingElectronMessage(binary.reason));
  process.exit(1);
}

await build({ configFile: path.join(DESKTOP_DIR, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
await buildElectron();

const child = spawn(binary.path, [DESKTOP_DIR, ...process.argv.slice(2)], { stdio: 'inherit', cwd: DESKTOP_DIR });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
