import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import fp from 'fastify-plugin';
import { appRouter, type AppRouter } from '../trpc/app-router';
import { retryAfterResponseMeta } from '../security/trpc-retry-after';
import { createContext } from '../trpc/context';

/** tRPC at `/trpc`, in its own scope so its JSON body parser does not leak to other routes. */
export const trpcPlugin = fp(
  async (app) => {
    const options: FastifyTRPCPluginOptions<AppRouter> = {
      trpcOptions: {
        router: appRouter,
        createContext,
        responseMeta: retryAfterResponseMeta,
        onError({ error, path, req }) {
          if (error.code === 'INTERNAL_SERVER_ERROR') req.log.error({ err: error.cause ?? error, path }, 'tRPC procedure failed');
        },
      },
    };
    await app.register(fastifyTRPCPlugin, { prefix: '/trpc', ...options });
  },
  { name: 'trpc', fastify: '5.x', dependencies: ['db', 'errors', 'request-id', 'sync', 'rate-limit', 'auth'] },
);
