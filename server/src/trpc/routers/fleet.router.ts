import { z } from 'zod';
import { listDiagnostics } from '../../domains/fleet/diagnostics.service';
import { fleetDevices, fleetOverview, requestDiagnostics, revokeTenantDevice, setDeviceCanary, setDeviceChannel } from '../../domains/fleet/fleet.service';
import { authorizedProcedure, router } from '../trpc';

// Looking at the fleet is an admin's; changing a device needs their second factor (shared actionPolicies).
const viewFleet = authorizedProcedure('fleet.view');
const manageDevices = authorizedProcedure('devices.manage');
const device = z.object({ deviceId: z.string().min(1).max(100) });
const thresholds = z.object({
  offlineHours: z.number().int().min(1).max(24 * 365).optional(),
  dataAtRiskMinutes: z.number().int().min(1).max(60 * 24 * 365).optional(),
});

export const fleetRouter = router({
  /** Versions across the fleet, rollout progress per release, devices behind, offline for long, and with data at risk. */
  overview: viewFleet.input(thresholds.optional()).query(({ ctx, input }) =>
    fleetOverview(ctx.db, ctx.principal.tenantId, { ...ctx.fleetThresholds, ...input })),
  devices: viewFleet.input(thresholds.extend({
    status: z.enum(['all', 'active', 'revoked', 'offline', 'behind', 'data-at-risk']).optional(),
    channel: z.string().max(64).optional(),
    siteId: z.string().max(100).optional(),
    version: z.string().max(64).optional(),
    search: z.string().max(200).optional(),
  }).optional()).query(({ ctx, input }) => {
    const { offlineHours, dataAtRiskMinutes, ...filter } = input ?? {};
    return fleetDevices(ctx.db, ctx.principal.tenantId, { ...ctx.fleetThresholds, ...(offlineHours ? { offlineHours } : {}), ...(dataAtRiskMinutes ? { dataAtRiskMinutes } : {}) }, filter);
  }),
  /** Diagnostic bundles asked for and received (download: GET /api/fleet/diagnostics/<id>). */
  diagnostics: viewFleet.input(z.object({ deviceId: z.string().max(100).optional() }).optional()).query(({ ctx, input }) =>
    listDiagnostics(ctx.db, ctx.principal.tenantId, input?.deviceId)),
  /** Moves a device to a release channel (null: the one it asks for). */
  setDeviceChannel: manageDevices.input(device.extend({ channel: z.string().min(1).max(64).nullable() })).mutation(({ ctx, input }) =>
    setDeviceChannel(ctx.db, { tenantId: ctx.principal.tenantId, actorUserId: ctx.principal.userId }, input.deviceId, input.channel)),
  /** Puts a device in the canary ring (it takes each release first) or out of it. */
  setDeviceRing: manageDevices.input(device.extend({ canary: z.boolean() })).mutation(({ ctx, input }) =>
    setDeviceCanary(ctx.db, { tenantId: ctx.principal.tenantId, actorUserId: ctx.principal.userId }, input.deviceId, input.canary)),
  revokeDevice: manageDevices.input(device).mutation(({ ctx, input }) =>
    revokeTenantDevice(ctx.db, { tenantId: ctx.principal.tenantId, actorUserId: ctx.principal.userId }, input.deviceId, ctx.pokeBus)),
  /** Asks the device for its recent logs: its next pull answer says so and it uploads them. */
  requestDiagnostics: manageDevices.input(device).mutation(({ ctx, input }) =>
    requestDiagnostics(ctx.db, { tenantId: ctx.principal.tenantId, actorUserId: ctx.principal.userId }, input.deviceId)),
});
