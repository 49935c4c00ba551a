import { catalogRouter } from './routers/catalog.router';
import { inventoryRouter } from './routers/inventory.router';
import { syncRouter } from './routers/sync.router';
import { systemRouter } from './routers/system.router';
import { router } from './trpc';

export const appRouter = router({
  system: systemRouter,
  catalog: catalogRouter,
  inventory: inventoryRouter,
  sync: syncRouter,
});

/** The server's API as the desktop sees it: `import type { AppRouter } from '@capliquify/server/router'`. */
export type AppRouter = typeof appRouter;
