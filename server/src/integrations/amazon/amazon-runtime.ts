import { loadServerConfigFromProcess, type IntegrationsConfig } from '../../config';
import { loadSecretBox } from '../../security/load-secret-box';
import type { SecretBox } from '../../security/secret-box';
import { systemClock, type Clock } from './amazon-clock';
import { createLwaTokens, type LwaTokens } from './amazon-lwa';
import { createUsageBuckets, type SpApiOperation } from './sp-api.http';
import type { TokenBucket } from './token-bucket';

/** What the Amazon sync needs besides the database; built once per process. */
export interface AmazonRuntime {
  /** Null when the app's Login with Amazon credentials are not configured: Amazon is then off. */
  lwa: LwaTokens | null;
  /** Opened on first use: with Amazon off, nothing needs it. */
  box(): SecretBox;
  clock: Clock;
  /** The usage buckets of one seller account (the integration), kept for the life of the process. */
  buckets(integrationId: string): (operation: SpApiOperation) => TokenBucket;
  random?: () => number;
  fetch?: typeof fetch;
  /** Retries after a 429 and after a 5xx; the documented defaults when absent. */
  retries?: { throttled: number; unavailable: number };
}

export function createAmazonRuntime(options: {
  amazon: IntegrationsConfig['amazon']; box: SecretBox | (() => SecretBox); clock?: Clock; fetch?: typeof fetch; random?: () => number;
  retries?: AmazonRuntime['retries'];
}): AmazonRuntime {
  const clock = options.clock ?? systemClock;
  const { clientId, clientSecret, tokenUrl } = options.amazon;
  const accounts = new Map<string, (operation: SpApiOperation) => TokenBucket>();
  const given = options.box;
  const openBox = typeof given === 'function' ? given : () => given;
  let box: SecretBox | undefined;
  return {
    lwa: clientId && clientSecret ? createLwaTokens({ tokenUrl, clientId, clientSecret }, { clock, fetch: options.fetch }) : null,
    box: () => (box ??= openBox()),
    clock,
    random: options.random,
    fetch: options.fetch,
    retries: options.retries,
    buckets(integrationId) {
      let buckets = accounts.get(integrationId);
      if (!buckets) {
        buckets = createUsageBuckets(clock);
        accounts.set(integrationId, buckets);
      }
      return buckets;
    },
  };
}

let processRuntime: AmazonRuntime | undefined;

/**
 * This worker's Amazon runtime, from the configuration its entry read (jobs get only the database
 * from their context, as with the other vendors): built on first use, the box opened when needed.
 */
export function processAmazonRuntime(): AmazonRuntime {
  if (!processRuntime) {
    const config = loadServerConfigFromProcess();
    processRuntime = createAmazonRuntime({ amazon: config.integrations.amazon, box: () => loadSecretBox(config) });
  }
  return processRuntime;
}
