import { adminCallError, AdminError } from './admin-error';
import {
  authorizeUrlSchema, connectedSchema, connectionTestSchema, deadLetterSchema, importListSchema, importResultSchema, integrationSchema, queuedSchema, uploadAnswerSchema,
  type IMPORT_KINDS, type IMPORT_MODES, type SYNC_VENDORS,
} from './admin-wire';
import { previewImport } from './import-preview';
import type { JobEventsStore } from './job-events.store';
import { personCall, type PersonCallDeps } from './person-call';

/** The server's upload route (server/src/plugins/import-upload.plugin.ts). */
export const IMPORT_UPLOAD_PATH = '/api/import/upload';
/** Files travel from the renderer to the core whole: bounded so one pick cannot exhaust either. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface AdminDeps extends PersonCallDeps {
  jobEvents: JobEventsStore;
}

export interface UploadRequest {
  kind: (typeof IMPORT_KINDS)[number];
  mode: (typeof IMPORT_MODES)[number];
  fileName: string;
  bytes: Uint8Array;
}

/**
 * The admin screens' calls to the server, made as the person at the station with their own
 * access token: the server checks their role and second factor on every one, and a refusal comes
 * back as an AdminError whose sentence the screen shows.
 */
export function createAdminService({ server, accessToken, jobEvents }: AdminDeps) {
  const call = personCall({ server, accessToken });

  return {
    integrations: () => call('integrations.list', 'query', undefined, integrationSchema.array()),
    pause: (integrationId: string) => call('integrations.pause', 'mutation', { integrationId }, queuedSchema),
    resume: (integrationId: string) => call('integrations.resume', 'mutation', { integrationId }, queuedSchema),
    /** One cheap authenticated call to the vendor with the stored credentials; recorded with the last runs. */
    testConnection: (integrationId: string) => call('integrations.test', 'mutation', { integrationId }, connectionTestSchema),
    syncNow: (vendor: (typeof SYNC_VENDORS)[number], integrationId: string) => call(`${vendor}.syncNow`, 'mutation', { integrationId }, queuedSchema),
    connectAmazon: (input: { name: string; region: 'na' | 'eu' | 'fe'; refreshToken: string; marketplaceIds: string[] }) =>
      call('amazon.connect', 'mutation', input, connectedSchema),
    connectShopify: (input: { shopDomain: string; accessToken: string }) => call('shopify.connect', 'mutation', input, connectedSchema),
    connectUnleashed: (input: { name: string; apiId: string; apiKey: string }) => call('unleashed.connect', 'mutation', input, connectedSchema),
    /** Where the admin's browser goes to let Xero grant access (the server keeps the state). */
    xeroAuthorizeUrl: () => call('xero.authorizeUrl', 'mutation', undefined, authorizeUrlSchema),
    /** The store's page where its owner installs the app (Shopify's OAuth); the server keeps the state and finishes on its callback. */
    shopifyInstallUrl: (shopDomain: string) => call('shopify.installUrl', 'mutation', { shopDomain }, authorizeUrlSchema),

    deadLetters: () => call('jobs.deadLetters', 'query', {}, deadLetterSchema.array()),
    retry: (deadLetterId: string) => call('jobs.retry', 'mutation', { deadLetterId }, queuedSchema),
    discard: (deadLetterId: string) => call('jobs.discard', 'mutation', { deadLetterId }, queuedSchema),
    jobEvents: (since?: number) => jobEvents.since(since),

    preview: previewImport,
    /** Sends the file to the server's upload route; the import runs there as a job (its progress arrives as job events). */
    async upload({ kind, mode, fileName, bytes }: UploadRequest) {
      if (bytes.length > MAX_IMPORT_BYTES) throw new AdminError('TOO_LARGE', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: split it, or import it with the CLI.`);
      const form = new FormData();
      form.append('kind', kind);
      form.append('mode', mode);
      form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), fileName);
      try {
        return uploadAnswerSchema.parse(await server.uploadAsPerson(IMPORT_UPLOAD_PATH, form, await accessToken()));
      } catch (error) {
        throw adminCallError(error);
      }
    },
    importResult: (input: { importId: string; offset: number; limit: number }) => call('imports.get', 'query', input, importResultSchema),
    recentImports: () => call('imports.list', 'query', { limit: 20 }, importListSchema),
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
