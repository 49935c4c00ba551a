import { randomBytes, randomInt } from 'node:crypto';
import { ErrorCode, PROBLEM_CONTENT_TYPE, SYNC_PULL_PATH } from '@capliquify/shared';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { loadServerConfig, type ServerConfig } from '../src/config';
import type { Database } from '../src/db/schema';
import { createEnrollmentCode, enrollDevice } from '../src/sync/enrollment.service';
import { VERSION_HEADERS, deviceHeaders } from './sync';

/**
 * A fresh client address per test. Redis counters outlive an app (and other test files share the
 * Redis), so each test spends a budget nobody else touches; light-my-request sends it as the peer.
 */
export function randomIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

export function limitsConfig(limits: Partial<Pick<ServerConfig, 'rateLimitPerMinute' | 'tenantRateLimitPerMinute' | 'authRateLimitPerMinute'>>): ServerConfig {
  return { ...loadServerConfig({}), rateLimitPerMinute: 1_000, tenantRateLimitPerMinute: 1_000, authRateLimitPerMinute: 1_000, ...limits };
}

/** A tenant of its own (random id, so Redis budgets are never shared with another run) and a device there. */
export async function tenantWithDevice(db: Kysely<Database>): Promise<{ tenantId: string; credential: string; deviceId: string }> {
  const suffix = randomBytes(4).toString('hex');
  const tenantId = `tnt_rl_${suffix}`;
  const siteId = `site_rl_${suffix}`;
  await db.insertInto('tenants').values({ id: tenantId, name: `Rate ${suffix}`, base_currency: 'EUR' }).execute();
  await db.insertInto('sites').values({ id: siteId, tenant_id: tenantId, code: `P-${suffix}`, name: 'Plant', kind: 'plant', timezone: 'UTC' }).execute();
  const { code } = await createEnrollmentCode(db, { tenantId, siteId });
  const { credential, deviceId } = await enrollDevice(db, { code, name: 'Rate station' });
  return { tenantId, credential, deviceId };
}

export function trpcQuery(app: FastifyInstance, ip: string, path = 'system.info', headers: Record<string, string> = VERSION_HEADERS): Promise<LightMyRequestResponse> {
  return app.inject({ url: `/trpc/${path}`, headers, remoteAddress: ip });
}

export function trpcMutationBatch(app: FastifyInstance, ip: string, names: string[], input: unknown): Promise<LightMyRequestResponse> {
  const body = Object.fromEntries(names.map((_, i) => [String(i), input]));
  return app.inject({
    method: 'POST', url: `/trpc/${names.join(',')}?batch=1`, remoteAddress: ip,
    headers: { ...VERSION_HEADERS, 'content-type': 'application/json' }, payload: JSON.stringify(body),
  });
}

export function pullAs(app: FastifyInstance, ip: string, credential: string | null): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST', url: SYNC_PULL_PATH, remoteAddress: ip,
    headers: { ...(credential ? deviceHeaders(credential) : VERSION_HEADERS), 'content-type': 'application/json' },
    payload: JSON.stringify({ cursors: {} }),
  });
}

/** A 429 as every limiter answers outside tRPC: problem+json RATE_LIMITED, `Retry-After` in whole seconds. */
export function expectRateLimitedProblem(res: LightMyRequestResponse): void {
  expect(res.statusCode).toBe(429);
  expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expect(res.json()).toMatchObject({ status: 429, code: ErrorCode.RateLimited, retryAfterSeconds: retryAfter, requestId: res.headers['x-request-id'] });
}

/** Sends `count` requests one after another, expecting each to get past the limiter. */
export async function expectAllowed(count: number, send: () => Promise<LightMyRequestResponse>, status = 200): Promise<void> {
  for (let i = 1; i <= count; i += 1) {
    const res = await send();
    expect({ request: i, status: res.statusCode }).toEqual({ request: i, status });
  }
}
