import { spawn, type ChildProcess } from 'node:child_process';

export interface AppProcess {
  proc: ChildProcess;
  /** The first capture group of `ready` once it appeared in the output. */
  readyUrl: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `command` in its own process group (so one signal stops npx, tsx and the app together)
 * and resolves once a line of its output matches `ready`.
 */
export function startAppProcess(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; ready: RegExp }): Promise<AppProcess> {
  const proc = spawn(command, args, { cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: options.env });
  let output = '';
  const handle = (readyUrl: string): AppProcess => ({ proc, readyUrl, output: () => output, stop: () => stopProcessGroup(proc) });
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = options.ready.exec(output);
      if (match?.[1]) resolve(handle(match[1]));
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited with ${code} before it was ready:\n${output}`)));
  });
}

export async function stopProcessGroup(proc: ChildProcess): Promise<void> {
  if (proc.pid === undefined || proc.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  process.kill(-proc.pid, 'SIGTERM');
  const killer = setTimeout(() => proc.pid !== undefined && process.kill(-proc.pid, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}
