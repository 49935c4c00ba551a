import { ErrorCode } from '@capliquify/shared';
import fp from 'fastify-plugin';
import { checkReadiness } from '../health/readiness.service';
import { sendProblem } from './errors.plugin';

/** `/healthz`: the process is up. `/readyz`: it can serve (database, and Redis when configured). */
export const healthPlugin = fp(
  async (app) => {
    app.get('/healthz', async () => ({ status: 'ok' }));
    app.get('/readyz', async (request, reply) => {
      const { ready, checks } = await checkReadiness({ pingDatabase: () => app.database.ping(), redis: app.redis });
      if (ready) return { status: 'ready', checks };
      const down = Object.entries(checks).filter(([, state]) => state === 'unreachable').map(([name]) => name);
      return sendProblem(request, reply, {
        code: ErrorCode.ServiceUnavailable,
        detail: `not ready: ${down.join(' and ')} unreachable`,
        extensions: { checks },
      });
    });
  },
  { name: 'health', fastify: '5.x', dependencies: ['db', 'redis', 'errors'] },
);
