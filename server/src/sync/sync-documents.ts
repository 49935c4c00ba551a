import type { Location, Site, StockLevel } from '@capliquify/shared';
import type { Selectable } from 'kysely';
import type { LocationsTable, SitesTable } from '../db/schema';
import { stockLevelId } from './scopes';
import type { SyncRowWrite } from './sync-rows.repo';

// The replicated documents are the shared zod shapes, so the desktop parses them with the same schemas.

export function siteRow(s: Selectable<SitesTable>): SyncRowWrite {
  const data: Site = { id: s.id, code: s.code, name: s.name, kind: s.kind, timezone: s.timezone };
  return { entity: 'site', id: s.id, data };
}

export function locationRow(l: Selectable<LocationsTable>): SyncRowWrite {
  const data: Location = { id: l.id, siteId: l.site_id, code: l.code, name: l.name };
  return { entity: 'location', id: l.id, data };
}

/** A zero balance is a tombstone: the stock screen lists only what is on hand. */
export function stockLevelRow(level: StockLevel): SyncRowWrite {
  return { entity: 'stock_level', id: stockLevelId(level.locationId, level.itemId), data: level.onHand === 0 ? null : { ...level } };
}
