import { decodeCursor, encodeCursor, levelsAt, ordersByUpdate, type FakeStoreState } from './fake-shopify.state';

// The REST Admin API endpoints the adapter reads, with Shopify's cursor rules: `limit` at most
// 250, a `Link` header with `page_info` for the next and previous pages (none on a single page),
// and no filter parameter allowed beside `page_info`.

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

interface PageState { filter: Record<string, string>; offset: number }

const MAX_LIMIT = 250;

/** `endpoint` is the path after `/admin/api/<version>/`; `base` is the URL up to and including it. */
export function handleRest(store: FakeStoreState, endpoint: string, params: URLSearchParams, base: string): FakeReply {
  const item = /^inventory_items\/(\d+)\.json$/.exec(endpoint);
  if (item) {
    const id = item[1] as string;
    return store.items.has(id) ? { status: 200, body: { inventory_item: inventoryItem(store, id) } } : { status: 404, body: { errors: 'Not Found' } };
  }
  switch (endpoint) {
    case 'orders.json':
      return paged(params, base, endpoint, ['status', 'updated_at_min', 'order'], 'orders', (filter) =>
        ordersByUpdate(store, filter.updated_at_min ?? null));
    case 'locations.json':
      return { status: 200, body: { locations: store.locations.map((id) => ({ id: Number(id), name: `Location ${id}`, active: true })) } };
    case 'inventory_levels.json':
      if (!params.get('location_ids') && !params.get('page_info')) return { status: 422, body: { errors: { base: ['location_ids or inventory_item_ids is required'] } } };
      return paged(params, base, endpoint, ['location_ids'], 'inventory_levels', (filter) =>
        (filter.location_ids ?? '').split(',').filter(Boolean).flatMap((locationId) => levelsAt(store, locationId).map(({ itemId, level }) => ({
          inventory_item_id: Number(itemId), location_id: Number(locationId), available: level.available, updated_at: level.updatedAt,
          admin_graphql_api_id: `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${itemId}`,
        }))));
    case 'inventory_items.json': {
      const ids = params.get('ids')?.split(',').filter(Boolean) ?? [];
      if (!params.get('page_info') && (ids.length === 0 || ids.length > 100)) return { status: 422, body: { errors: { ids: ['must list 1 to 100 ids'] } } };
      return paged(params, base, endpoint, ['ids'], 'inventory_items', (filter) =>
        (filter.ids ?? '').split(',').filter((id) => store.items.has(id)).map((id) => inventoryItem(store, id)));
    }
    default:
      return { status: 404, body: { errors: 'Not Found' } };
  }
}

function inventoryItem(store: FakeStoreState, id: string): Record<string, unknown> {
  return { id: Number(id), sku: store.items.get(id) ?? '', tracked: true, admin_graphql_api_id: `gid://shopify/InventoryItem/${id}` };
}

function paged(
  params: URLSearchParams, base: string, endpoint: string, filters: string[], key: string, list: (filter: Record<string, string>) => unknown[],
): FakeReply {
  const limit = Number(params.get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return { status: 400, body: { errors: { limit: [`must be between 1 and ${MAX_LIMIT}`] } } };
  const pageInfo = params.get('page_info');
  let state: PageState;
  if (pageInfo) {
    const extra = [...params.keys()].filter((name) => name !== 'page_info' && name !== 'limit' && name !== 'fields');
    if (extra.length > 0) return { status: 400, body: { errors: { page_info: [`cannot be combined with ${extra.join(', ')}`] } } };
    const decoded = decodeCursor<PageState>(pageInfo);
    if (!decoded) return { status: 400, body: { errors: { page_info: ['Invalid value.'] } } };
    state = decoded;
  } else {
    state = { filter: Object.fromEntries(filters.filter((f) => params.has(f)).map((f) => [f, params.get(f) as string])), offset: 0 };
  }
  const all = list(state.filter);
  const page = all.slice(state.offset, state.offset + limit);
  const links: string[] = [];
  const link = (offset: number, rel: string) => `<${base}${endpoint}?limit=${limit}&page_info=${encodeCursor({ filter: state.filter, offset })}>; rel="${rel}"`;
  if (state.offset > 0) links.push(link(Math.max(0, state.offset - limit), 'previous'));
  if (state.offset + limit < all.length) links.push(link(state.offset + limit, 'next'));
  return { status: 200, headers: links.length > 0 ? { link: links.join(', ') } : {}, body: { [key]: page } };
}
