import fp from 'fastify-plugin';

/**
 * `app.close()` stops accepting and waits for open connections before the onClose hooks close the
 * database. A keep-alive connection whose request was in flight would otherwise stay open for the
 * whole keep-alive timeout after its response; telling the client `Connection: close` ends it
 * as soon as the response is out.
 */
export const gracefulClosePlugin = fp(
  async (app) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onSend', async (_request, reply) => {
      if (closing) reply.header('connection', 'close');
    });
  },
  { name: 'graceful-close', fastify: '5.x' },
);
