import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SERVER_ROOT } from '../../../test/spawn';

// tsx's loader in this very process (`node --import tsx`), not its CLI: the CLI runs the script in a
// child process, and a SIGKILL sent to the CLI would leave that child running.
const TSX_LOADER = pathToFileURL(path.resolve(SERVER_ROOT, '..', 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker-process.ts');

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once it has exited. */
  exited: Promise<number | string>;
}

export interface WorkerProcessOptions {
  databaseUrl: string;
  redisUrl: string;
  queueName: string;
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/** Starts a workers process (worker-process.ts) and resolves once it takes jobs. */
export async function spawnWorker(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, SCRIPT, JSON.stringify(options)], { cwd: SERVER_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (output.includes('workers ready')) {
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    void exited.then((code) => reject(new Error(`the worker exited (${code}) before it was ready:\n${output}`)));
  });
  return { child, output: () => output, exited };
}
