import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVER_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TSX_CLI = path.resolve(SERVER_ROOT, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Variables a developer's shell might carry that would point a child at the wrong place.
const CLEARED = { DATABASE_URL: '', REDIS_URL: '', CAPLIQUIFY_DATA_DIR: '', PORT: '', HOST: '', DEMO_DATA: '', LOG_LEVEL: '' };

/** Runs a Node script (plain JS, or TypeScript through tsx) as its own process, as an operator would. */
export function runScript(script: string, args: string[], env: Record<string, string>, options: { typescript?: boolean } = {}): Promise<Spawned> {
  const argv = options.typescript === false ? [script, ...args] : [TSX_CLI, script, ...args];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { cwd: SERVER_ROOT, env: { ...process.env, ...CLEARED, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
