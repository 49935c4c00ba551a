import { loadServerConfigFromProcess } from '../../config';
import type { JobContext } from '../../jobs/job';
import { loadSecretBox } from '../../security/load-secret-box';
import type { SecretBox } from '../../security/secret-box';
import { systemTransport, type RetryPolicy, type ShopifyTransport } from './shopify-http';

/** What the Shopify jobs need besides the database: the secret box for the stores' tokens, and the network. */
export interface ShopifyRuntime {
  secrets(): SecretBox;
  transport: ShopifyTransport;
  pageSize?: number;
  policy?: RetryPolicy;
}

/** A job context that may bring its own runtime (tests: a fake clock, a test key). */
export type ShopifyJobContext = JobContext & { shopify?: Partial<ShopifyRuntime> };

let processBox: SecretBox | undefined;

/**
 * The runtime for a job: the context's when it brings one, else this process's secret box (from
 * the same configuration the workers' entry read; opened on first use) and the real network.
 * Job contexts carry only the database, so this is where the box comes from.
 */
export function shopifyRuntimeFor(ctx: ShopifyJobContext): ShopifyRuntime {
  return {
    secrets: ctx.shopify?.secrets ?? (() => (processBox ??= loadSecretBox(loadServerConfigFromProcess()))),
    transport: ctx.shopify?.transport ?? systemTransport,
    pageSize: ctx.shopify?.pageSize,
    policy: ctx.shopify?.policy,
  };
}
