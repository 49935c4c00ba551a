import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { tenantFolder, writeFileAtomically } from './atomic-file';

export interface StoredArtifact {
  /** base64, as the feed states it and electron-updater checks it. */
  sha512: string;
  size: number;
}

/**
 * Release artifacts on disk, content-addressed per tenant: `<updatesDir>/<tenantId>/<sha512 hex>`.
 * The same bytes published twice (a rollback re-publishing an earlier build) are stored once, and
 * a name in the feed always resolves to bytes whose hash the database holds.
 */
export class ArtifactStore {
  constructor(readonly root: string) {}

  async put(tenantId: string, source: Readable, maxBytes: number): Promise<StoredArtifact> {
    const written = await writeFileAtomically(tenantFolder(this.root, tenantId), (w) => w.sha512.toString('hex'), source, maxBytes);
    return { sha512: written.sha512.toString('base64'), size: written.size };
  }

  pathOf(tenantId: string, sha512: string): string {
    return path.join(tenantFolder(this.root, tenantId), Buffer.from(sha512, 'base64').toString('hex'));
  }

  /** The stored size, or null when the blob is missing (removed by hand, or a disk restored without it). */
  async sizeOf(tenantId: string, sha512: string): Promise<number | null> {
    return stat(this.pathOf(tenantId, sha512)).then((s) => s.size, () => null);
  }

  async remove(tenantId: string, sha512: string): Promise<void> {
    await rm(this.pathOf(tenantId, sha512), { force: true });
  }
}
