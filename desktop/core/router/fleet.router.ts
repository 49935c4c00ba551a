import { z } from 'zod';
import { MAX_RELEASE_UPLOAD_BYTES } from '../admin/fleet.service';
import { DEVICE_FILTERS, ringPromotionSchema } from '../admin/fleet-wire';
import { answer } from './admin.router';
import { t } from './trpc';

// Files cross from the renderer as base64 (JSON over the browser host, a string over the port).
const fileBase64 = z.string().max(Math.ceil(MAX_RELEASE_UPLOAD_BYTES / 3) * 4, `Up to ${MAX_RELEASE_UPLOAD_BYTES / 1024 / 1024} MB can be published from the desktop; use the CLI for more.`);
const release = z.object({ releaseId: z.string().min(1).max(100) });
const device = z.object({ deviceId: z.string().min(1).max(100) });
const ring = z.union([z.enum(['canary', 'sites', 'all']), z.string().regex(/^percent:(100|[1-9]\d?)$/, 'a percentage ring is percent:1 to percent:100')]);

/** The Admin section's Fleet screen: versions, rollouts, device health; publishing and steering; diagnostics. */
export const fleetRouter = t.router({
  overview: t.procedure.query(({ ctx }) => answer(() => ctx.fleet.overview())),
  devices: t.procedure.input(z.object({ status: z.enum(DEVICE_FILTERS).default('active'), search: z.string().trim().max(200).optional() }))
    .query(({ ctx, input }) => answer(() => ctx.fleet.devices({ status: input.status, ...(input.search ? { search: input.search } : {}) }))),
  releases: t.procedure.query(({ ctx }) => answer(() => ctx.fleet.releases())),
  channels: t.procedure.query(({ ctx }) => answer(() => ctx.fleet.channels())),
  diagnostics: t.procedure.query(({ ctx }) => answer(() => ctx.fleet.diagnostics())),

  publish: t.procedure.input(z.object({
    channel: z.string().trim().min(1).max(64), version: z.string().trim().min(1).max(64), notes: z.string().trim().max(10_000).optional(), ring: ring.optional(),
    files: z.array(z.object({ name: z.string().trim().min(1).max(200), base64: fileBase64 })).min(1).max(20),
  })).mutation(({ ctx, input }) => answer(() => ctx.fleet.publish({
    channel: input.channel, version: input.version, notes: input.notes || undefined, ring: input.ring as 'canary' | undefined,
    files: input.files.map((f) => ({ name: f.name, bytes: new Uint8Array(Buffer.from(f.base64, 'base64')) })),
  }))),
  promote: t.procedure.input(release.extend({ promotion: ringPromotionSchema })).mutation(({ ctx, input }) => answer(() => ctx.fleet.promote(input.releaseId, input.promotion))),
  pause: t.procedure.input(release).mutation(({ ctx, input }) => answer(() => ctx.fleet.pause(input.releaseId))),
  resume: t.procedure.input(release).mutation(({ ctx, input }) => answer(() => ctx.fleet.resume(input.releaseId))),
  rollback: t.procedure.input(release).mutation(({ ctx, input }) => answer(() => ctx.fleet.rollback(input.releaseId))),

  setDeviceChannel: t.procedure.input(device.extend({ channel: z.string().min(1).max(64).nullable() }))
    .mutation(({ ctx, input }) => answer(() => ctx.fleet.setDeviceChannel(input.deviceId, input.channel))),
  setDeviceCanary: t.procedure.input(device.extend({ canary: z.boolean() })).mutation(({ ctx, input }) => answer(() => ctx.fleet.setDeviceCanary(input.deviceId, input.canary))),
  revokeDevice: t.procedure.input(device).mutation(({ ctx, input }) => answer(() => ctx.fleet.revokeDevice(input.deviceId))),
  requestDiagnostics: t.procedure.input(device).mutation(({ ctx, input }) => answer(() => ctx.fleet.requestDiagnostics(input.deviceId))),
  downloadDiagnostics: t.procedure.input(z.object({ requestId: z.string().min(1).max(100), deviceName: z.string().max(200).optional() }))
    .mutation(({ ctx, input }) => answer(async () => {
      const file = await ctx.fleet.downloadDiagnostics(input.requestId, input.deviceName);
      return { fileName: file.fileName, contentType: file.contentType, base64: Buffer.from(file.bytes).toString('base64') };
    })),
});
