// The API entry: `npm run -w server start`. Config from the environment, then listen until a signal.
import { ConfigError, loadServerConfigFromProcess } from './config';
import { StartupError } from './errors/startup.error';
import { startApi } from './start-api';

async function main(): Promise<void> {
  const api = await startApi(loadServerConfigFromProcess());
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second signal means "now": skip waiting for in-flight requests.
    if (stopping) process.exit(1);
    stopping = true;
    api.app.log.info({ signal }, 'stopping: finishing in-flight requests');
    api.close().then(
      () => process.exit(0),
      (error: unknown) => {
        api.app.log.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof StartupError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`capliquify: ${known ? message : `failed to start: ${message}`}\n`);
  process.exit(1);
});
