import fp from 'fastify-plugin';

/**
 * CORS for the configured browser origins only (the desktop core calls from Node and needs none).
 * Small on purpose: allow-listed origins get credentials-free GET/POST and a cached preflight.
 */
export const corsPlugin = fp<{ origins: string[] }>(
  async (app, { origins }) => {
    if (origins.length === 0) return;
    const allowed = new Set(origins);
    app.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (!origin || !allowed.has(origin)) return;
      reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
      reply.header('access-control-expose-headers', 'x-request-id');
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
        const requested = request.headers['access-control-request-headers'];
        reply.header('access-control-allow-methods', 'GET, POST');
        if (requested) reply.header('access-control-allow-headers', requested);
        reply.header('access-control-max-age', '600');
        return reply.code(204).send();
      }
    });
  },
  { name: 'cors', fastify: '5.x' },
);
