import {
  BEFORE_MIN_AGE_MS, json, NEXT_TOKEN_TTL_MS, spErrors, type FakeAmazonState, type FakeAnswer, type FakeOperation,
} from './fake-amazon.state';
import type { SpApiOrder } from './sp-api.schemas';

// How the fake Amazon answers, following the documented contracts (../shared/VENDORS.md):
// Login with Amazon's token endpoint, Orders v0 and FBA Inventory v1 with their validation,
// pagination and usage plans.

const MALFORMED = '{"payload": {"Orders": [{"AmazonOrderId": "123-';

/** `POST /auth/o2/token`: a refresh-token grant for a known, unrevoked token of this app. */
export function answerToken(state: FakeAmazonState, contentType: string, body: string): FakeAnswer {
  state.counts.tokenExchanges += 1;
  const fault = state.takeFault('token');
  if (fault?.kind === 'status') return json(fault.status, { error: 'server_error', error_description: 'Injected failure.' });
  if (fault?.kind === 'malformed') return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"access_token": ' };
  if (!contentType.startsWith('application/x-www-form-urlencoded')) return json(400, { error: 'invalid_request', error_description: 'The request must be form-encoded.' });
  const form = new URLSearchParams(body);
  if (form.get('grant_type') !== 'refresh_token') return json(400, { error: 'unsupported_grant_type', error_description: 'Only refresh_token grants are served here.' });
  if (form.get('client_id') !== state.app.clientId || form.get('client_secret') !== state.app.clientSecret) {
    return json(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
  }
  const refreshToken = form.get('refresh_token') ?? '';
  const sellerId = state.refreshTokens.get(refreshToken);
  if (!sellerId) return json(400, { error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' });
  return json(200, { access_token: state.issueAccessToken(sellerId), refresh_token: refreshToken, token_type: 'bearer', expires_in: state.app.expiresInSeconds });
}

/** Every SP-API operation: the access token, then the usage plan, then injected faults, then the operation. */
export function answerSpApi(state: FakeAmazonState, operation: FakeOperation, query: URLSearchParams, accessToken: string | undefined): FakeAnswer {
  state.counts.requests[operation] += 1;
  const session = accessToken ? state.accessTokens.get(accessToken) : undefined;
  if (!accessToken || !session) {
    return spErrors(403, 'Unauthorized', 'Access to requested resource is denied.', accessToken ? 'The access token you provided is revoked, malformed or invalid.' : '');
  }
  const limitHeader = { 'x-amzn-RateLimit-Limit': String(state.plans[operation].rate) };
  const limit: Record<string, string> = state.rateLimitHeader ? limitHeader : {};
  const paging = query.has('NextToken') || query.has('nextToken');
  const fault = state.takeFault(operation, (next) => paging || !(next.onNextPage || next.kind === 'expire-next-token'));
  if (session.expiresAt <= state.clock.now() || fault?.kind === 'expire-access-token') {
    return spErrors(403, 'Unauthorized', 'Access to requested resource is denied.', 'The access token you provided has expired.');
  }
  if (fault?.kind === 'throttle' || !state.takeToken(session.sellerId, operation)) {
    state.counts.throttled[operation] += 1;
    const header = fault?.kind === 'throttle' ? (fault.limitHeader ? limitHeader : {}) : limit;
    return spErrors(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.', '', header);
  }
  if (fault?.kind === 'status') return spErrors(fault.status, 'InternalFailure', 'We encountered an internal error. Please try again.', '', limit);
  if (fault?.kind === 'malformed') return { status: 200, headers: { 'content-type': 'application/json', ...limit }, body: MALFORMED };
  const answer = operation === 'getOrders'
    ? answerOrders(state, session.sellerId, query)
    : answerInventory(state, session.sellerId, query, fault?.kind === 'expire-next-token');
  return { ...answer, headers: { ...answer.headers, ...limit } };
}

function answerOrders(state: FakeAmazonState, sellerId: string, query: URLSearchParams): FakeAnswer {
  const marketplaceIds = (query.get('MarketplaceIds') ?? '').split(',').filter(Boolean);
  if (marketplaceIds.length === 0) return spErrors(400, 'InvalidInput', 'Missing required parameter: MarketplaceIds.');
  if (marketplaceIds.length > 50) return spErrors(400, 'InvalidInput', 'MarketplaceIds may name at most 50 marketplaces.');
  const nextToken = query.get('NextToken');
  if (nextToken) {
    const cursor = state.ordersCursors.get(nextToken);
    if (!cursor) return spErrors(400, 'InvalidInput', 'Invalid NextToken.');
    state.ordersCursors.delete(nextToken);
    return ordersPage(state, cursor.orders, cursor.offset, cursor.pageSize, cursor.field, cursor.before);
  }
  const created = query.has('CreatedAfter');
  const updated = query.has('LastUpdatedAfter');
  if (created === updated) return spErrors(400, 'InvalidInput', 'Exactly one of CreatedAfter and LastUpdatedAfter must be specified.');
  if ((created && query.has('LastUpdatedBefore')) || (updated && query.has('CreatedBefore'))) {
    return spErrors(400, 'InvalidInput', 'CreatedBefore goes with CreatedAfter, LastUpdatedBefore with LastUpdatedAfter.');
  }
  const pageSize = Number(query.get('MaxResultsPerPage') ?? 100);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return spErrors(400, 'InvalidInput', 'MaxResultsPerPage must be an integer from 1 to 100.');
  const latest = state.clock.now() - BEFORE_MIN_AGE_MS;
  const after = Date.parse(query.get(created ? 'CreatedAfter' : 'LastUpdatedAfter') ?? '');
  const beforeText = query.get(created ? 'CreatedBefore' : 'LastUpdatedBefore');
  const before = beforeText === null ? latest : Date.parse(beforeText);
  if (Number.isNaN(after) || Number.isNaN(before)) return spErrors(400, 'InvalidInput', 'Dates must be in ISO 8601 format.');
  if (before > latest) return spErrors(400, 'InvalidInput', 'The Before date must be at least two minutes before the time of the request.');
  if (after >= before) return spErrors(400, 'InvalidInput', 'The After date must be earlier than the Before date.');
  const field = created ? 'PurchaseDate' : 'LastUpdateDate';
  const matching = [...state.seller(sellerId).orders.values()]
    .filter((order) => marketplaceIds.includes(order.MarketplaceId ?? '') && Date.parse(order[field]) >= after && Date.parse(order[field]) <= before)
    .sort((a, b) => Date.parse(a[field]) - Date.parse(b[field]) || a.AmazonOrderId.localeCompare(b.AmazonOrderId))
    .map((order) => structuredClone(order));
  return ordersPage(state, matching, 0, pageSize, created ? 'CreatedBefore' : 'LastUpdatedBefore', new Date(before).toISOString());
}

function ordersPage(state: FakeAmazonState, orders: SpApiOrder[], offset: number, pageSize: number, field: 'LastUpdatedBefore' | 'CreatedBefore', before: string): FakeAnswer {
  const end = offset + pageSize;
  const payload: Record<string, unknown> = { Orders: orders.slice(offset, end), [field]: before };
  if (end < orders.length) {
    const token = state.newCursorToken();
    state.ordersCursors.set(token, { orders, offset: end, pageSize, field, before });
    payload.NextToken = token;
  }
  return json(200, { payload });
}

function answerInventory(state: FakeAmazonState, sellerId: string, query: URLSearchParams, expireNextToken: boolean): FakeAnswer {
  if (query.get('granularityType') !== 'Marketplace') return spErrors(400, 'InvalidInput', 'granularityType must be Marketplace.');
  const marketplaceId = query.get('granularityId');
  if (!marketplaceId) return spErrors(400, 'InvalidInput', 'Missing required parameter: granularityId.');
  if (query.get('marketplaceIds') !== marketplaceId) return spErrors(400, 'InvalidInput', 'marketplaceIds must name the marketplace of granularityId.');
  const details = query.get('details') === 'true';
  const nextToken = query.get('nextToken');
  let cursor = { summaries: state.seller(sellerId).inventory.get(marketplaceId) ?? [], offset: 0 };
  if (nextToken) {
    const stored = state.inventoryCursors.get(nextToken);
    if (!stored) return spErrors(400, 'InvalidInput', 'Invalid nextToken.');
    state.inventoryCursors.delete(nextToken);
    if (expireNextToken || state.clock.now() - stored.issuedAt > NEXT_TOKEN_TTL_MS) {
      return spErrors(400, 'InvalidInput', 'The nextToken has expired. Start the listing again.');
    }
    cursor = stored;
  }
  const end = cursor.offset + state.inventoryPageSize;
  const page = cursor.summaries.slice(cursor.offset, end).map((summary) => {
    const copy = structuredClone(summary) as Partial<typeof summary>;
    if (!details) delete copy.inventoryDetails;
    return copy;
  });
  const body: Record<string, unknown> = { payload: { granularity: { granularityType: 'Marketplace', granularityId: marketplaceId }, inventorySummaries: page } };
  if (end < cursor.summaries.length) {
    const token = state.newCursorToken();
    state.inventoryCursors.set(token, { summaries: cursor.summaries, offset: end, issuedAt: state.clock.now(), marketplaceId, details });
    body.pagination = { nextToken: token };
  }
  return json(200, body);
}
