import { authRouter } from './routers/auth.router';
import { privacyRouter } from './routers/privacy.router';
import { syncRouter } from './routers/sync.router';
import { systemRouter } from './routers/system.router';
import { usersRouter } from './routers/users.router';
import { router } from './trpc';

export const appRouter = router({
  system: systemRouter,
  sync: syncRouter,
  auth: authRouter,
  users: usersRouter,
  privacy: privacyRouter,
});

/** The server's API as the desktop sees it: `import type { AppRouter } from '@capliquify/server/router'`. */
export type AppRouter = typeof appRouter;
