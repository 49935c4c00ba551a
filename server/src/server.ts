// The API entry: `npm run -w server start`. Config from the environment, then listen until a signal.
import { loadServerConfigFromProcess } from './config';
import { runEntry } from './entry/run-entry';
import { startApi } from './start-api';

runEntry('capliquify', async () => {
  const api = await startApi(loadServerConfigFromProcess());
  return () => api.close();
}, (message) => process.stdout.write(`${message}\n`));
