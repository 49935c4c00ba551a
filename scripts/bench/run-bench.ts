/** Progress and errors go to stderr: stdout carries nothing but the bench's one JSON line. */
export const benchLog = (line: string) => process.stderr.write(`${line}\n`);

/** Runs a bench: prints its figures as one JSON line and exits 0, or reports the failure and exits 1. */
export function runBench(main: () => Promise<Record<string, unknown>>): void {
  main().then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      benchLog(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
