import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { silentLogger } from '../../../../test/logs';
import type { Database } from '../../../db/schema';
import { createSecretBox, type SecretBox } from '../../../security/secret-box';
import type { ShopifyTransport } from '../shopify-http';
import type { ShopifyJobContext, ShopifyRuntime } from '../shopify-runtime';

// Test support for the Shopify adapter: a clock that sleeping moves (the fake server reads the
// same clock, so "seconds" pass without waiting), a sealing key, and job contexts.

export const NORTH = 'north-bikes.myshopify.com';
export const SOUTH = 'south-bikes.myshopify.com';
export const ELSEWHERE = 'other-co.myshopify.com';
export const WEBHOOK_SECRET = 'shopify-app-secret-0123456789abcdef';

export interface TestClock {
  now(): number;
  advance(ms: number): void;
  /** Every sleep the client asked for, in ms. */
  slept: number[];
  /** Real HTTP to the fake; sleeping only moves this clock. */
  transport: ShopifyTransport;
}

export function testClock(start = Date.parse('2026-03-02T09:00:00Z')): TestClock {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    advance: (ms) => { now += ms; },
    slept,
    transport: {
      fetch: (url, init) => fetch(url, init),
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
      now: () => now,
    },
  };
}

export function testBox(): SecretBox {
  return createSecretBox([{ id: 'test', key: randomBytes(32) }]);
}

/** What a runner hands a job, with the Shopify runtime a test chooses (its key, its clock). */
export function shopifyJobContext(db: Kysely<Database>, runtime: Partial<ShopifyRuntime>, extra: Partial<ShopifyJobContext> = {}): ShopifyJobContext {
  return { db, log: silentLogger(), jobId: `test-${randomBytes(4).toString('hex')}`, attempt: 1, progress: async () => {}, shopify: runtime, ...extra };
}
