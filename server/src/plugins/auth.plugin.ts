import fp from 'fastify-plugin';
import type { ServerConfig } from '../config';
import { createAuthServices, type AuthServices } from '../auth/auth-services';
import { createIdentityProvider } from '../auth/create-identity-provider';
import type { IdentityProvider } from '../auth/principal';

declare module 'fastify' {
  interface FastifyInstance {
    /** Who is calling: the configured identity provider (built-in accounts or Clerk). */
    identity: IdentityProvider;
    /** Built-in accounts' token signing, secret box and clock, for the auth router. */
    authServices: AuthServices;
  }
}

export interface AuthPluginOptions {
  config: Pick<ServerConfig, 'identity' | 'secretKeys' | 'dataDir'>;
  /** Replaces the provider chosen from config (tests). */
  identityProvider?: IdentityProvider;
}

/** The identity provider and built-in sign-in, shared with tRPC; nothing here touches the database until a request needs it. */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, options) => {
    const services = createAuthServices(app.db, options.config);
    app.decorate('authServices', services);
    app.decorate('identity', options.identityProvider ?? createIdentityProvider(options.config.identity, services));
  },
  { name: 'auth', fastify: '5.x', dependencies: ['db'] },
);
