import fp from 'fastify-plugin';
import { z } from 'zod';
import type { IntegrationsConfig } from '../../config';
import { badRequest } from '../../errors/app.error';
import { finishXeroConnect } from './xero-connect.service';
import { xeroRuntimeFrom, type XeroRuntime } from './xero-runtime';

declare module 'fastify' {
  interface FastifyInstance {
    /** Xero when the app is configured (XERO_CLIENT_ID, XERO_CLIENT_SECRET), else null. */
    xero: XeroRuntime | null;
  }
}

export interface XeroPluginOptions {
  config: IntegrationsConfig['xero'];
  /** Replaces the clock or the waiting (tests). */
  runtime?: Partial<Omit<XeroRuntime, 'app' | 'secretBox'>>;
}

const callbackQuery = z.object({
  code: z.string().max(2_000).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
});

/**
 * Xero for the API: the runtime the tRPC procedures use, and, only when Xero is configured, the
 * OAuth callback `GET /integrations/xero/callback` (route-access: 'oauth-callback'). The callback
 * needs no sign-in: the one-time state it carries names the admin who started connecting.
 */
export const xeroPlugin = fp<XeroPluginOptions>(
  async (app, options) => {
    const runtime = xeroRuntimeFrom(options.config, () => app.authServices.secretBox(), options.runtime);
    app.decorate('xero', runtime);
    if (!runtime) return;
    app.get('/integrations/xero/callback', async (request, reply) => {
      const query = callbackQuery.safeParse(request.query);
      if (!query.success) throw badRequest('This does not look like an answer from Xero: start connecting Xero again from CapLiquify.');
      const connected = await finishXeroConnect(app.db, runtime, query.data);
      request.log.info({ integrations: connected.map((i) => i.id) }, 'Xero connected');
      const names = connected.map((i) => i.name).join(', ');
      return reply.type('text/plain; charset=utf-8').send(`Xero connected: ${names}.\nYou can close this tab and return to CapLiquify.\n`);
    });
  },
  { name: 'xero', fastify: '5.x', dependencies: ['db', 'auth', 'errors'] },
);
