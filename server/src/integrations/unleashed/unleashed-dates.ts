// Unleashed writes dates as Microsoft JSON dates (`/Date(1546128000000)/`, sometimes with an
// offset `/Date(1546128000000+0000)/`; the milliseconds are UTC either way) and reads its
// `modifiedSince` filter as `yyyy-MM-ddTHH:mm:ss` in UTC.

const MS_JSON_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

/** A vendor date (`/Date(ms)/` or ISO 8601, UTC when no zone is given), or null when unreadable. */
export function parseUnleashedDate(value: string): Date | null {
  const json = MS_JSON_DATE.exec(value);
  const date = json ? new Date(Number(json[1])) : new Date(ISO_WITHOUT_ZONE.test(value) ? `${value}${value.includes('T') ? '' : 'T00:00:00'}Z` : value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** How Unleashed writes a date in its answers. */
export function toUnleashedDate(date: Date): string {
  return `/Date(${date.getTime()})/`;
}

/**
 * The `modifiedSince` filter for a cursor, to the second (floored): the filter is inclusive, so
 * the records of the cursor's own second come again and are written again, unchanged.
 */
export function formatModifiedSince(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/** The calendar day (UTC) of a vendor date, for date-only columns. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
