// A plant-floor station for the crash test: queues receipts at a scanner's pace and syncs with the
// real server until it is SIGKILLed. Prints "ready", then "ok <mutationId> <movementId>" after each
// local commit and "page" whenever a pull page has arrived (so the test can kill mid-apply).
import { pino } from 'pino';
import { openReplica } from '../../core/replica/open-replica';
import { enableDurableWrites } from '../../core/sync-engine/confirmed-rows.repo';
import { loadCredentials } from '../../core/sync-engine/device-credentials';
import { createSyncEngine } from '../../core/sync-engine/sync-engine.service';
import { createSyncTransport, type SyncTransport } from '../../core/sync-engine/sync-transport';

const [file, serverUrl, siteId, locationId, itemId] = process.argv.slice(2);
if (!file || !serverUrl || !siteId || !locationId || !itemId) throw new Error('usage: crash-child <replica> <server url> <site> <location> <item>');

const replica = await openReplica(file);
await enableDurableWrites(replica.db);
const credentials = await loadCredentials(replica.db);
const http = createSyncTransport({ serverUrl, credential: credentials.get, timeoutMs: 5000 });
const transport: SyncTransport = {
  enroll: (request) => http.enroll(request),
  push: (request) => http.push(request),
  pull: async (request) => {
    const page = await http.pull(request);
    process.stdout.write('page\n');
    return page;
  },
};
const engine = await createSyncEngine({ db: replica.db, transport, credentials, logger: pino({ level: 'silent' }), pullLimit: 10, backoff: { initialMs: 5, maxMs: 50 } });
process.stdout.write('ready\n');

for (let n = 0; ; n++) {
  const movementId = crypto.randomUUID();
  const { mutationId } = await engine.queue('inventory.recordMovement', { movementId, siteId, locationId, itemId, kind: 'receipt', quantity: 1 });
  process.stdout.write(`ok ${mutationId} ${movementId}\n`);
  if (n % 3 === 0) void engine.syncNow();
  await new Promise((resolve) => setTimeout(resolve, 3));
}
