import { syncRouter } from './routers/sync.router';
import { systemRouter } from './routers/system.router';
import { router } from './trpc';

export const appRouter = router({
  system: systemRouter,
  sync: syncRouter,
});

/** The server's API as the desktop sees it: `import type { AppRouter } from '@capliquify/server/router'`. */
export type AppRouter = typeof appRouter;
