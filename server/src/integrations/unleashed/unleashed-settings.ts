import { z } from 'zod';
import { PermanentJobError } from '../../jobs/job';
import type { Integration } from '../integrations.repo';
import { MAX_PAGE_SIZE } from './unleashed.client';

export const UNLEASHED_API_URL = 'https://api.unleashedsoftware.com';

/** An Unleashed integration's settings (integrations.settings); the API id and key are sealed secrets. */
export const unleashedSettingsSchema = z.object({
  /** Unleashed's API, or a fake on loopback in tests and the demo. */
  baseUrl: z.url({ protocol: /^https?$/ }).default(UNLEASHED_API_URL),
  /** The account's monthly call quota (its plan plus bundles bought); null counts calls without a limit of our own. */
  monthlyQuota: z.number().int().min(1).nullable().default(null),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(MAX_PAGE_SIZE),
  /** Where new items and purchase orders belong when their warehouse names no site; the tenant's first site otherwise. */
  siteId: z.string().min(1).nullable().default(null),
  /** Unleashed warehouse code → our site id, for purchase orders. */
  warehouseSites: z.record(z.string(), z.string()).default({}),
  /** The currency of Unleashed's product costs (the account's base currency); the tenant's otherwise. */
  currency: z.string().regex(/^[A-Z]{3}$/).nullable().default(null),
});
export type UnleashedSettings = z.infer<typeof unleashedSettingsSchema>;

/** Settings an admin may give when connecting (the rest default). */
export type UnleashedSettingsInput = z.input<typeof unleashedSettingsSchema>;

export function readUnleashedSettings(integration: Pick<Integration, 'id' | 'settings'>): UnleashedSettings {
  const parsed = unleashedSettingsSchema.safeParse(integration.settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PermanentJobError(`Unleashed integration ${integration.id} has unusable settings (${issue?.path.join('.')}: ${issue?.message}); save it again`);
  }
  return parsed.data;
}

/** Names of the sealed secrets of an integration. */
export const apiIdSecret = (integrationId: string) => `${integrationId}:api-id`;
export const apiKeySecret = (integrationId: string) => `${integrationId}:api-key`;
