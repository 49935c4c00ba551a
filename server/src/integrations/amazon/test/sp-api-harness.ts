import { createVirtualClock, type VirtualClock } from '../amazon-clock';
import { createLwaTokens, type LwaTokens } from '../amazon-lwa';
import { startFakeAmazon, type FakeAmazon } from '../fake-amazon.server';
import { createSpApiClient, type SpApiClient } from '../sp-api.client';
import { createSpApiHttp, createUsageBuckets, type SpApiGet, type SpApiHttpOptions } from '../sp-api.http';

/** The fake Amazon and a virtual clock shared with every client made from it. */
export interface SpApiHarness {
  clock: VirtualClock;
  fake: FakeAmazon;
  lwa: LwaTokens;
  /** A fresh seller (its own buckets at the fake) and a client with fresh buckets of its own. */
  seller(options?: Partial<Pick<SpApiHttpOptions, 'retries' | 'accessToken'>>): { sellerId: string; get: SpApiGet; api: SpApiClient };
  close(): Promise<void>;
}

export async function startSpApiHarness(): Promise<SpApiHarness> {
  const clock = createVirtualClock();
  const fake = await startFakeAmazon({ clock });
  const lwa = createLwaTokens({ tokenUrl: fake.tokenUrl, clientId: fake.clientId, clientSecret: fake.clientSecret }, { clock });
  return {
    clock, fake, lwa,
    seller(options = {}) {
      const { sellerId, refreshToken } = fake.addSeller();
      const get = createSpApiHttp({
        endpoint: fake.url, clock, random: () => 0.5, bucket: createUsageBuckets(clock), retries: options.retries,
        accessToken: options.accessToken ?? ((rejected) => lwa.accessToken({ key: sellerId, refreshToken }, { rejected })),
      });
      return { sellerId, get, api: createSpApiClient(get, clock) };
    },
    close: () => fake.close(),
  };
}

export async function collect<T>(pages: AsyncGenerator<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
}
