// A desktop core stand-in for the crash test: queues commands and syncs in a loop until SIGKILLed.
// Prints "ready" once the replica is open, then "ok <mutationId> <movementId>" after each commit.
import { pino } from 'pino';
import { openReplica } from '../../replica/open-replica';
import { enableDurableWrites } from '../confirmed-rows.repo';
import { loadCredentials } from '../device-credentials';
import { createSyncEngine } from '../sync-engine.service';
import { createSyncTransport } from '../sync-transport';

const [file, serverUrl] = process.argv.slice(2);
if (!file || !serverUrl) throw new Error('usage: crash-child <replica file> <server url>');

const replica = await openReplica(file);
await enableDurableWrites(replica.db);
const credentials = await loadCredentials(replica.db);
const transport = createSyncTransport({ serverUrl, credential: credentials.get, timeoutMs: 5000 });
const engine = await createSyncEngine({ db: replica.db, transport, credentials, logger: pino({ level: 'silent' }), pullLimit: 10 });
process.stdout.write('ready\n');

const items = ['item-0001', 'item-0002', 'item-0003', 'item-0004'];
for (let n = 0; ; n++) {
  const movementId = crypto.randomUUID();
  const itemId = items[n % items.length] ?? 'item-0001';
  const { mutationId } = await engine.queue('inventory.recordMovement', { movementId, siteId: 'site-a', locationId: 'loc-a2', itemId, kind: 'receipt', quantity: 1 });
  process.stdout.write(`ok ${mutationId} ${movementId}\n`);
  // A sync is started without waiting, so kills land while it applies pull pages as well.
  if (n % 3 === 0) void engine.syncNow();
  // A scanner's pace, so the push loop catches up and pulls run between writes.
  await new Promise((resolve) => setTimeout(resolve, 3));
}
