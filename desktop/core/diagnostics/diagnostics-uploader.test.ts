import { ErrorCode } from '@capliquify/shared';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../test/silent-logger';
import type { SyncEngineStatus } from '../sync-engine/sync-engine-status';
import { SyncTransportError } from '../sync-engine/sync-transport';
import { createDiagnosticsUploader } from './diagnostics-uploader';

const status = { connection: 'online' } as SyncEngineStatus;

// The upload itself is proven against the real server (desktop/e2e/fleet-core.int.test.ts); this is the policy around it.
function uploader(answers: (Error | null)[]) {
  let clock = 0;
  const sent: string[] = [];
  let made = 0;
  const send = createDiagnosticsUploader({
    upload: async (requestId) => {
      const answer = answers.shift() ?? null;
      if (answer) throw answer;
      sent.push(requestId);
    },
    bundle: async () => {
      made += 1;
      return { bytes: new Uint8Array([made]), contentType: 'application/x-ndjson' };
    },
    logger: silentLogger, retryAfterMs: 60_000, now: () => clock,
  });
  return { send, sent, made: () => made, advance: (ms: number) => { clock += ms; } };
}

describe('sending the diagnostic bundle a pull asked for', () => {
  it('sends each request once, however many pulls still ask before the server has it', async () => {
    const u = uploader([]);
    expect(await u.send('diag_1', status)).toBe('sent');
    expect(await u.send('diag_1', status)).toBe('already-sent');
    expect(u.sent).toEqual(['diag_1']);
  });

  it('after a failure, waits before trying again, and makes a fresh bundle then', async () => {
    const u = uploader([new SyncTransportError('unreachable', 'Cannot reach the sync server (ECONNRESET).')]);
    expect(await u.send('diag_2', status)).toBe('failed');
    expect(await u.send('diag_2', status)).toBe('waiting');
    u.advance(60_000);
    expect(await u.send('diag_2', status)).toBe('sent');
    expect([u.sent, u.made()]).toEqual([['diag_2'], 2]);
  });

  it('takes a CONFLICT (the server no longer waits for it) as sent', async () => {
    const u = uploader([new SyncTransportError('transient', 'No diagnostic bundle diag_3 is waiting for this device.', ErrorCode.Conflict)]);
    expect(await u.send('diag_3', status)).toBe('already-sent');
    expect(await u.send('diag_3', status)).toBe('already-sent');
  });
});
