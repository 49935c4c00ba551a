import { t } from './trpc';

/** The update banner reads what Electron main's updater says; in the browser host it is always `not_applicable`. */
export const updatesRouter = t.router({
  view: t.procedure.query(({ ctx }) => ctx.updates.view()),
  /** "Restart now": main installs at the next safe point, even mid-count (never mid-write). */
  installNow: t.procedure.mutation(({ ctx }) => ({ requested: ctx.updates.requestInstall() })),
});
