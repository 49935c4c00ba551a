import path from 'node:path';
import type { Readable } from 'node:stream';
import { ErrorCode } from '@capliquify/shared';
import { sql, type Kysely } from 'kysely';
import { appendAudit } from '../../audit/audit.service';
import type { Database } from '../../db/schema';
import { AppError, notFound } from '../../errors/app.error';
import type { DeviceIdentity } from '../../sync/device-auth.service';
import { tenantFolder, writeFileAtomically } from '../../updates/atomic-file';

/** Bundle types a station may send; anything else is stored as bytes. */
export const DIAGNOSTICS_TYPES = ['application/gzip', 'application/zip', 'application/json', 'application/x-ndjson', 'text/plain', 'application/octet-stream'];

export interface DiagnosticsBundle {
  id: string;
  deviceId: string;
  deviceName: string;
  requestedAt: string;
  requestedBy: string | null;
  /** null while the device has not sent it yet. */
  uploadedAt: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  contentType: string | null;
}

export function diagnosticsPath(dir: string, tenantId: string, requestId: string): string {
  if (!/^diag_[A-Za-z0-9_-]{1,40}$/.test(requestId)) throw notFound(`No diagnostic bundle "${requestId}".`);
  return path.join(tenantFolder(dir, tenantId), requestId);
}

/**
 * Stores the bundle a device was asked for (the only one it may send: CONFLICT otherwise), written
 * whole or not at all, and clears the request so its pulls stop asking. Audited as the device's act.
 */
export async function acceptDiagnostics(db: Kysely<Database>, dir: string, device: DeviceIdentity, upload: { requestId: string; contentType: string; source: Readable; maxBytes: number }): Promise<{ requestId: string; sizeBytes: number }> {
  const pending = await db.selectFrom('device_diagnostics').select(['id', 'uploaded_at'])
    .where('id', '=', upload.requestId).where('device_id', '=', device.deviceId).where('tenant_id', '=', device.tenantId).executeTakeFirst();
  if (!pending || pending.uploaded_at !== null) {
    upload.source.resume();
    throw new AppError(ErrorCode.Conflict, `No diagnostic bundle ${upload.requestId} is waiting for this device (not asked for, or already sent).`);
  }
  const written = await writeFileAtomically(path.dirname(diagnosticsPath(dir, device.tenantId, upload.requestId)), upload.requestId, upload.source, upload.maxBytes);
  const sha256 = written.sha256.toString('hex');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('device_diagnostics').set({ uploaded_at: sql`now()`, size_bytes: written.size, sha256, content_type: upload.contentType }).where('id', '=', upload.requestId).execute();
    await trx.updateTable('devices').set({ diagnostics_request_id: null }).where('id', '=', device.deviceId).where('diagnostics_request_id', '=', upload.requestId).execute();
    await appendAudit(trx, { tenantId: device.tenantId, actorDeviceId: device.deviceId, action: 'device.diagnostics_uploaded', subject: `device:${device.deviceId}`, details: { requestId: upload.requestId, sizeBytes: written.size, sha256 } });
  });
  return { requestId: upload.requestId, sizeBytes: written.size };
}

/** The tenant's bundles (of one device, or all), newest request first. */
export async function listDiagnostics(db: Kysely<Database>, tenantId: string, deviceId?: string): Promise<DiagnosticsBundle[]> {
  const rows = await db.selectFrom('device_diagnostics').innerJoin('devices', 'devices.id', 'device_diagnostics.device_id')
    .select(['device_diagnostics.id', 'device_diagnostics.device_id', 'devices.name', 'device_diagnostics.requested_at', 'device_diagnostics.requested_by',
      'device_diagnostics.uploaded_at', 'device_diagnostics.size_bytes', 'device_diagnostics.sha256', 'device_diagnostics.content_type'])
    .where('device_diagnostics.tenant_id', '=', tenantId)
    .$if(deviceId !== undefined, (q) => q.where('device_diagnostics.device_id', '=', deviceId!))
    .orderBy('device_diagnostics.requested_at', 'desc').orderBy('device_diagnostics.id').limit(200).execute();
  return rows.map((r) => ({
    id: r.id, deviceId: r.device_id, deviceName: r.name, requestedAt: r.requested_at.toISOString(), requestedBy: r.requested_by,
    uploadedAt: r.uploaded_at?.toISOString() ?? null, sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes), sha256: r.sha256, contentType: r.content_type,
  }));
}

/** An uploaded bundle of the tenant, to download. */
export async function diagnosticsFile(db: Kysely<Database>, dir: string, tenantId: string, id: string): Promise<{ path: string; sizeBytes: number; contentType: string; deviceId: string }> {
  const row = await db.selectFrom('device_diagnostics').select(['device_id', 'uploaded_at', 'size_bytes', 'content_type'])
    .where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!row) throw notFound(`No diagnostic bundle "${id}".`);
  if (!row.uploaded_at) throw notFound(`The device has not sent diagnostic bundle ${id} yet; it does at its next sync.`);
  return { path: diagnosticsPath(dir, tenantId, id), sizeBytes: Number(row.size_bytes), contentType: row.content_type ?? 'application/octet-stream', deviceId: row.device_id };
}
