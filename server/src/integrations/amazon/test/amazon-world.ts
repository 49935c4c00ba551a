import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { createSecretBox, type SecretBox } from '../../../security/secret-box';
import type { JobContext } from '../../../jobs/job';
import { silentLogger } from '../../../../test/logs';
import { createVirtualClock } from '../amazon-clock';
import { connectAmazon } from '../amazon-admin.service';
import { createAmazonRuntime, type AmazonRuntime } from '../amazon-runtime';
import { startFakeAmazon } from '../fake-amazon.server';
import type { Integration } from '../../integrations.repo';

/** The fake Amazon, runtime on a virtual clock shared with it, and seller accounts connected in the database. */
export async function startAmazonWorld(db: Kysely<Database>, options: { box?: SecretBox } = {}) {
  const clock = createVirtualClock();
  const fake = await startFakeAmazon({ clock });
  const box = options.box ?? createSecretBox([{ id: 'test', key: randomBytes(32) }]);
  const runtime: AmazonRuntime = createAmazonRuntime({
    amazon: { clientId: fake.clientId, clientSecret: fake.clientSecret, tokenUrl: fake.tokenUrl }, box, clock, random: () => 0.5,
    retries: { throttled: 5, unavailable: 2 },
  });
  const progress: { fraction: number; note?: string }[] = [];
  let jobs = 0;
  return {
    clock, fake, box, runtime, progress,
    /** A seller at the fake, connected for `tenantId`. */
    async connect(tenantId: string, name: string, settings: Record<string, unknown> = {}): Promise<{ integration: Integration; sellerId: string; refreshToken: string }> {
      const seller = fake.addSeller();
      const integration = await connectAmazon(db, box, { tenantId }, {
        name, refreshToken: seller.refreshToken, settings: { endpoint: fake.url, marketplaceIds: ['A1PA6795UKMFR9'], feeRatePct: 15, ...settings },
      });
      return { integration, ...seller };
    },
    ctx(): JobContext {
      jobs += 1;
      return {
        db, log: silentLogger(), jobId: `job_${jobs}`, attempt: 1,
        progress: async (fraction, note) => { progress.push({ fraction, note }); },
      };
    },
  };
}
