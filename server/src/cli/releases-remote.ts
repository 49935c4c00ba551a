import { openAsBlob } from 'node:fs';
import path from 'node:path';
import type { PublishResult } from '../domains/fleet/release-publish.service';
import { CliUsageError } from './cli-usage.error';

/** The server's upload route (server/src/updates/release-upload.plugin.ts). */
const UPLOAD_PATH = '/api/releases/upload';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface RemotePublish {
  serverUrl: string;
  /** A publish token (`releases token create`) or an admin's access token. */
  token: string;
  channel: string;
  version: string;
  notes?: string;
  ring?: string;
  files: string[];
}

/** The server's base URL, refusing plain http beyond this machine: the token would cross the network in clear. */
export function remoteBase(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliUsageError(`--server must be the update server's URL, like https://updates.example.com (got "${text}")`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new CliUsageError(`--server must be an https:// URL (plain http only to this machine): the release token would cross the network in clear (got "${text}")`);
  }
  return url.href.replace(/\/+$/, '');
}

/** Thrown when the server answered the upload with a refusal: its problem's words. */
export class RemotePublishError extends Error {
  override readonly name = 'RemotePublishError';
}

/**
 * Publishes through the server's upload route, as the release workflow does from a runner: the
 * fields first, then each file streamed from disk (never read whole). The server computes every
 * sha512 and size itself; a refusal comes back as its problem document's detail.
 */
export async function publishRemotely(request: RemotePublish): Promise<PublishResult> {
  const form = new FormData();
  form.append('channel', request.channel);
  form.append('version', request.version);
  if (request.notes !== undefined) form.append('notes', request.notes);
  if (request.ring !== undefined) form.append('ring', request.ring);
  for (const file of request.files) form.append('files', await openAsBlob(file), path.basename(file));
  let res: Response;
  try {
    res = await fetch(`${request.serverUrl}${UPLOAD_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${request.token}` }, body: form });
  } catch (error) {
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new RemotePublishError(`cannot reach ${request.serverUrl} (${cause})`, { cause: error });
  }
  const answer = await res.json().catch(() => null) as Record<string, unknown> | null;
  if (res.ok && answer) return answer as unknown as PublishResult;
  const detail = typeof answer?.detail === 'string' ? answer.detail : typeof answer?.title === 'string' ? answer.title : `HTTP ${res.status}`;
  throw new RemotePublishError(`the server refused the release (${res.status}): ${detail}`);
}
