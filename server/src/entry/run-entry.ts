// What every long-running entry (API, workers, `npm start`) does around its own start-up: one
// human line for a failed start, and a clean stop on SIGINT/SIGTERM (a second signal means "now").
import { ConfigError } from '../config';
import { StartupError } from '../errors/startup.error';

/** The one line printed when a start fails; known failures carry their own human message. */
export function describeStartFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const known = error instanceof ConfigError || error instanceof StartupError;
  return known ? message : `failed to start: ${message}`;
}

/** Runs `start`, then stops through its closer on the first signal; exits 1 with one line if it fails. */
export function runEntry(name: string, start: () => Promise<() => Promise<void>>, log: (message: string) => void): void {
  start().then(
    (close) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals): void => {
        if (stopping) process.exit(1);
        stopping = true;
        log(`${signal}: stopping (finishing work in flight)…`);
        close().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`${name}: error while stopping: ${(error as Error).message}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (error: unknown) => {
      process.stderr.write(`${name}: ${describeStartFailure(error)}\n`);
      process.exit(1);
    },
  );
}
