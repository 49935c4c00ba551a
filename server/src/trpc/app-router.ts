import { amazonRouter } from './routers/amazon.router';
import { authRouter } from './routers/auth.router';
import { fleetRouter } from './routers/fleet.router';
import { forecastingRouter } from './routers/forecasting.router';
import { importsRouter } from './routers/imports.router';
import { integrationsRouter } from './routers/integrations.router';
import { jobsRouter } from './routers/jobs.router';
import { ordersRouter } from './routers/orders.router';
import { privacyRouter } from './routers/privacy.router';
import { releasesRouter } from './routers/releases.router';
import { shopifyRouter } from './routers/shopify.router';
import { syncRouter } from './routers/sync.router';
import { systemRouter } from './routers/system.router';
import { unleashedRouter } from './routers/unleashed.router';
import { usersRouter } from './routers/users.router';
import { workingCapitalRouter } from './routers/working-capital.router';
import { xeroRouter } from './routers/xero.router';
import { router } from './trpc';

export const appRouter = router({
  system: systemRouter,
  sync: syncRouter,
  auth: authRouter,
  users: usersRouter,
  privacy: privacyRouter,
  unleashed: unleashedRouter,
  xero: xeroRouter,
  amazon: amazonRouter,
  shopify: shopifyRouter,
  imports: importsRouter,
  jobs: jobsRouter,
  integrations: integrationsRouter,
  orders: ordersRouter,
  forecasting: forecastingRouter,
  fleet: fleetRouter,
  releases: releasesRouter,
  workingCapital: workingCapitalRouter,
});

/** The server's API as the desktop sees it: `import type { AppRouter } from '@capliquify/server/router'`. */
export type AppRouter = typeof appRouter;
