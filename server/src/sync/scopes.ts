/** Every item of the tenant. */
export const CATALOG_SCOPE = 'catalog';

/** A site's own row, its locations and its stock levels. */
export function siteScope(siteId: string): string {
  return `site:${siteId}`;
}

/** What a device enrolled at a site replicates, in the order pulls serve them. */
export function scopesForSite(siteId: string): string[] {
  return [CATALOG_SCOPE, siteScope(siteId)].sort();
}

/** The id of a stock level row: its location and item. */
export function stockLevelId(locationId: string, itemId: string): string {
  return `${locationId}|${itemId}`;
}
