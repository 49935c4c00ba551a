import type { Kysely } from 'kysely';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { SyncMetaKey, getSyncMeta } from './outbox.repo';

/** The device credential in memory (read on every request), persisted in `meta` by enrollment. */
export interface CredentialCell {
  get(): string | null;
  set(credential: string): void;
}

export async function loadCredentials(db: Kysely<ReplicaDatabase>): Promise<CredentialCell> {
  let current = await getSyncMeta(db, SyncMetaKey.Credential);
  return {
    get: () => current,
    set: (credential) => {
      current = credential;
    },
  };
}
