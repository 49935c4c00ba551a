import { z } from 'zod';
import type { Integration } from '../integrations.repo';

/** Where a seller account's SP-API lives: North America, Europe or the Far East. */
export const SP_API_ENDPOINTS = {
  na: 'https://sellingpartnerapi-na.amazon.com',
  eu: 'https://sellingpartnerapi-eu.amazon.com',
  fe: 'https://sellingpartnerapi-fe.amazon.com',
} as const;

/**
 * An Amazon integration's non-secret settings (`integrations.settings`); the seller's refresh
 * token is sealed apart under `<integrationId>:refresh_token`.
 */
export const amazonSettingsSchema = z.object({
  /** The regional SP-API base URL; a fake on loopback in tests and the demo. */
  endpoint: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/$/, '')),
  /** The marketplaces this seller sells on (ATVPDKIKX0DER = amazon.com, A1PA6795UKMFR9 = amazon.de…). */
  marketplaceIds: z.array(z.string().regex(/^[A-Z0-9]{5,20}$/)).min(1).max(50),
  /**
   * Amazon's referral fee as a share of the order total, in percent. Orders v0 carries no fees
   * (they arrive later in the Finances API), so channel fees are this estimate until then.
   */
  feeRatePct: z.number().min(0).max(100).default(15),
  /** How far back the first orders sync reaches. */
  initialSyncDays: z.number().int().min(1).max(730).default(30),
});

export type AmazonSettings = z.infer<typeof amazonSettingsSchema>;

/** Broken settings cannot be fixed by retrying: the job goes straight to the dead letters. */
export class AmazonSettingsError extends Error {
  override readonly name = 'AmazonSettingsError';
  readonly permanent = true;
}

export function amazonSettings(integration: Pick<Integration, 'id' | 'settings'>): AmazonSettings {
  const parsed = amazonSettingsSchema.safeParse(integration.settings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`).join('; ');
    throw new AmazonSettingsError(`Amazon integration ${integration.id} has invalid settings (${problems}).`);
  }
  return parsed.data;
}

/** The secret that holds the seller's Login with Amazon refresh token. */
export function refreshTokenSecretName(integrationId: string): string {
  return `${integrationId}:refresh_token`;
}
