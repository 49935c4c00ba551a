import { z } from 'zod';
import { addChannel, listChannels } from '../../domains/fleet/channels.service';
import { copyReleaseToChannel, pauseRelease, promoteRelease, resumeRelease, rollbackRelease } from '../../domains/fleet/release-rollout.service';
import { listReleases } from '../../domains/fleet/releases.service';
import { authorizedProcedure, router } from '../trpc';

// Publishing itself is an upload (POST /api/releases/upload); these steer what was published.
const viewFleet = authorizedProcedure('fleet.view');
const publish = authorizedProcedure('updates.publish');
const release = z.object({ releaseId: z.string().min(1).max(100) });
const ring = z.discriminatedUnion('ring', [
  z.object({ ring: z.literal('canary') }),
  z.object({ ring: z.literal('sites'), siteOrder: z.array(z.string().min(1).max(100)).min(1).max(500).optional() }),
  z.object({ ring: z.literal('percent'), percent: z.number().int().min(1).max(100) }),
  z.object({ ring: z.literal('all') }),
]);

export const releasesRouter = router({
  list: viewFleet.input(z.object({ channel: z.string().max(64).optional() }).optional()).query(({ ctx, input }) =>
    listReleases(ctx.db, ctx.principal.tenantId, input?.channel)),
  channels: viewFleet.query(({ ctx }) => listChannels(ctx.db, ctx.principal.tenantId)),
  addChannel: publish.input(z.object({ name: z.string().min(1).max(64) })).mutation(({ ctx, input }) =>
    addChannel(ctx.db, ctx.principal.tenantId, input.name, ctx.principal.userId)),
  /** Widens the rollout: canary → the next site → a percentage of the rest → all. */
  promote: publish.input(release.extend({ promotion: ring })).mutation(({ ctx, input }) =>
    promoteRelease(ctx.db, { tenantId: ctx.principal.tenantId, actorUserId: ctx.principal.userId }, input.releaseId, input.promotion)),
  pause: publish.input(release).mutation(({ ctx, input }) =>
    pauseRelease(ctx.db, { tenantId: ctx.principal.tenantId, actorUserId: ctx.principal.userId }, input.releaseId)),
  resume: publish.input(release).mutation(({ ctx, input }) =>
    resumeRelease(ctx.db, { tenantId: ctx.principal.tenantId, actorUserId: ctx.principal.userId }, input.releaseId)),
  /** Stops the release for good and re-publishes the previous build as a higher version, to every device. */
  rollback: publish.input(release.extend({ version: z.string().max(64).optional() })).mutation(({ ctx, input }) =>
    rollbackRelease(ctx.db, { tenantId: ctx.principal.tenantId, actorUserId: ctx.principal.userId }, input.releaseId, input.version)),
  /** The same build on another channel (beta → stable), from its canary ring. */
  copyToChannel: publish.input(release.extend({ channel: z.string().min(1).max(64) })).mutation(({ ctx, input }) =>
    copyReleaseToChannel(ctx.db, { tenantId: ctx.principal.tenantId, actorUserId: ctx.principal.userId }, input.releaseId, input.channel)),
});
