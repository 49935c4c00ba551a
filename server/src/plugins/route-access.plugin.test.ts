import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { routeAccessPlugin } from './route-access.plugin';

describe('routeAccessPlugin', () => {
  it('accepts the routes the access table lists, with their automatic HEAD twins', async () => {
    const app = Fastify();
    await app.register(routeAccessPlugin);
    app.get('/healthz', async () => 'ok');
    await expect(app.ready()).resolves.toBeDefined();
    expect((await app.inject({ method: 'HEAD', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });

  it('refuses to start with a route nobody said who may call', async () => {
    const app = Fastify();
    await app.register(routeAccessPlugin);
    expect(() => app.post('/admin/secret-export', async () => 'data')).toThrow(/POST \/admin\/secret-export has no entry in server\/src\/http\/route-access.ts/);
    await app.close();
  });
});
