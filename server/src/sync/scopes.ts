/** Every item of the tenant. */
export const CATALOG_SCOPE = 'catalog';

/** A site's own row, its locations and its stock levels. */
export function siteScope(siteId: string): string {
  return `site:${siteId}`;
}

/** The tenant's finance documents: replicated only to finance workstations. */
export const FINANCE_SCOPE = 'finance';

/**
 * What a device is enrolled as (`devices.role`): a plant-floor station (`operator`, the default)
 * or a finance workstation (`finance`), which replicates the finance scope as well. The device's
 * role decides what lands on its disk; who may look at it is still each person's own rights.
 */
export const deviceRoles = ['operator', 'finance'] as const;
export type DeviceRole = (typeof deviceRoles)[number];

/** What a device enrolled at a site replicates, in the order pulls serve them. */
export function scopesForSite(siteId: string, role = 'operator'): string[] {
  return [CATALOG_SCOPE, siteScope(siteId), ...(role === 'finance' ? [FINANCE_SCOPE] : [])].sort();
}

/** The id of a stock level row: its location and item. */
export function stockLevelId(locationId: string, itemId: string): string {
  return `${locationId}|${itemId}`;
}
