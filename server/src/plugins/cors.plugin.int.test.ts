import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/databases';
import { silentLogger } from '../../test/logs';
import { buildApp } from '../app';
import { loadServerConfig } from '../config';

describe('CORS for configured origins', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    testDb = await openTestDatabase('pglite', 'cors');
    app = await buildApp(loadServerConfig({ CORS_ORIGINS: 'https://ops.example.com' }), { database: testDb.handle, logger: silentLogger() });
  });
  afterAll(async () => {
    await app.close();
    await testDb.cleanup();
  });

  it('answers a preflight from an allowed origin', async () => {
    const res = await app.inject({
      method: 'OPTIONS', url: '/trpc/system.info',
      headers: { origin: 'https://ops.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-capliquify-protocol' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': 'https://ops.example.com',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'x-capliquify-protocol',
    });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('lets an allowed origin read responses and the request id', async () => {
    const res = await app.inject({ url: '/healthz', headers: { origin: 'https://ops.example.com' } });
    expect(res.headers['access-control-allow-origin']).toBe('https://ops.example.com');
    expect(res.headers['access-control-expose-headers']).toBe('x-request-id');
  });

  it('grants nothing to any other origin', async () => {
    const res = await app.inject({ url: '/healthz', headers: { origin: 'https://evil.example.com' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
