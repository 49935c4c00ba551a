import fp from 'fastify-plugin';
import { accessForRoute, routeKey, type RouteAccess } from '../http/route-access';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every registered route and who may call it (the authorization-matrix test walks it). */
    registeredRoutes: Map<string, RouteAccess>;
  }
  interface FastifyContextConfig {
    /** Declares who may call a route that is not in the access table (tests' own routes). */
    access?: RouteAccess;
  }
}

/** Refuses, at start, any route whose access is not declared (registered first, so it sees them all). */
export const routeAccessPlugin = fp(
  async (app) => {
    const registered = new Map<string, RouteAccess>();
    app.decorate('registeredRoutes', registered);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        const access = (route.config as { access?: RouteAccess } | undefined)?.access ?? accessForRoute(method, route.url);
        if (!access) throw new Error(`Route ${method} ${route.url} has no entry in server/src/http/route-access.ts: say who may call it.`);
        registered.set(routeKey(method, route.url), access);
      }
    });
  },
  { name: 'route-access', fastify: '5.x' },
);
